"""Serving the published warehouse to its readers: the read-only connection, `lwh info`,
`lwh export`, `lwh dashboard` and `lwh docs`."""
