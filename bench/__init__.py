"""Benchmarks of Startup Relay against bare-library baselines, run by `make bench`."""
