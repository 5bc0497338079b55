"""Integration tests: billing."""
