"""Tests of the generated application."""
