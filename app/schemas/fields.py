"""Marshmallow fields for text people type: normalized, and refused when unstorable."""

from __future__ import annotations

import re
import unicodedata

from marshmallow import ValidationError, fields

# One @, no spaces, a dotted domain without empty labels.
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})


def unstorable(value: str, allow_newlines: bool = False) -> bool:
    """Control characters, lone surrogates and unassigned code points have no place here."""
    allowed = {"\n", "\t"} if allow_newlines else set()
    return any(
        unicodedata.category(char) in FORBIDDEN_CATEGORIES and char not in allowed for char in value
    )


class Text(fields.String):
    """A single line of text, NFC-normalized and stripped; blank counts as missing."""

    def __init__(self, *, max_length: int = 120, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if unstorable(text):
            raise ValidationError("Remove control or invalid characters.")
        text = unicodedata.normalize("NFC", text).strip()
        if not text:
            raise ValidationError("This cannot be blank.")
        if len(text) > self.max_length:
            raise ValidationError(f"Use at most {self.max_length} characters.")
        return text


class EmailAddress(Text):
    """An email address, lower-cased; checked for shape only (delivery is the proof)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=254, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).lower()
        if not EMAIL_SHAPE.fullmatch(text):
            raise ValidationError("Enter an email address like name@example.com.")
        return text


class Password(fields.String):
    """A password exactly as typed (never stripped); only unencodable characters are refused."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if any(unicodedata.category(char) == "Cs" for char in text) or "\x00" in text:
            raise ValidationError("Remove invalid characters.")
        if len(text) > 1024:
            raise ValidationError("Use at most 1024 characters.")
        return text
