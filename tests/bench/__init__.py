"""`make bench`: performance figures as ratios against baselines measured in the same run.

Not collected by pytest (no `test_*.py` here). Run with `python -m tests.bench` (see run.py).
"""
