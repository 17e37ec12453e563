"""The project's own development tools, not what users run: the code generator, the lint and
seam checks, the fingerprint, the benchmark and the source verification."""
