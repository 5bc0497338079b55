"""429 answers always ask the client to wait: never `Retry-After: 0`."""

import pytest

from app.errors import _retry_after  # pylint: disable=protected-access


@pytest.mark.parametrize(
    ("limiter_value", "answered"),
    [("0", "1"), ("-3", "1"), ("1", "1"), ("42", "42"), (None, "60"), ("soon", "60")],
)
def test_retry_after_is_a_whole_number_of_seconds_of_at_least_one(limiter_value, answered):
    assert _retry_after(limiter_value) == answered
