"""Demo data: a realistic, reproducible registry for the quick start, the pages and benchmarks."""
