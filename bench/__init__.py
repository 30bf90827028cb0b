"""Benchmarks: each module prints its figures and the command that reproduces it."""

# First, so Arrow's allocator is chosen (intercepts/__init__.py) before bench.generate
# imports pyarrow: a benchmark measures the memory the pipeline's own processes would use.
import intercepts  # noqa: F401
