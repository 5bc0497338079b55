"""Business rules and every query."""
