"""Building blocks of the quality gates that every generated project must pass."""
