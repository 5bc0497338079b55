"""Integration tests: accounts."""
