"""Benchmarks of the intake bot against real servers (`python -m bench.run`; see docs/performance.md)."""
