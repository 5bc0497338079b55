"""The test suite of the FastAPI backend."""
