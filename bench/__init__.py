"""The conference-scale benchmark: `python bench/run.py` (see the README)."""
