"""Demo content: a small realistic site for editors to try, and bulk articles for benchmarks."""
