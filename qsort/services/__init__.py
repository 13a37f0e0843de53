"""Use cases: each function does one thing a user asked for and owns the single commit."""
