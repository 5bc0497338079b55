"""Marshmallow request and response schemas."""
