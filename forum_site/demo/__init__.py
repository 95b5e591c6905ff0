"""Demo content for `make run`, the tests and the benchmarks: installed by the dev, test and bench settings only."""
