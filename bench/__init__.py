"""The benchmark runner behind `make bench`; see docs/benchmarks.md."""
