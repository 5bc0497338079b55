"""Integration tests: generations."""
