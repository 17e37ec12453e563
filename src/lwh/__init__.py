"""Tooling around the learning-warehouse dbt project: generator, landing, benchmarks."""

__version__ = "0.1.0"
