"""Benchmark scenarios run by scripts/bench-*; measured, never asserted in tests."""
