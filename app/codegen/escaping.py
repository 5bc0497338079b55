"""Escaping filters: user text becomes data in the language of the file it lands in.

Every filter takes any value (usually free text from the genome) and returns a string
that is safe to paste into a template of that language. None of them ever lets the
text close its literal, open a template tag or start a new line of code, and none lets
an invisible or bidirectional control character into a file: literals escape them
(`\\u202e`), free text (comments, docs, Markdown, HTML, shell) drops them.
"""

from __future__ import annotations

import datetime
import hashlib
import html as _html
import json
import re
import shlex
import unicodedata
import uuid
from decimal import Decimal

import yaml

MAX_IDENTIFIER = 63
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u0085]")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_PY_SIMPLE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def _text(value: object) -> str:
    """Return the value as text (None as the empty string)."""
    if value is None:
        return ""
    return str(value)


def _visible(text: str) -> str:
    """Drop invisible format characters (Unicode Cf: bidi overrides, zero-width, BOM, tags)."""
    # They can make a reader see text in another order than tools read it (Trojan Source).
    if text.isascii():
        return text
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def _one_line(value: object) -> str:
    """Collapse newlines and control characters to single spaces; drop invisible ones."""
    text = _NEWLINES.sub(" ", _visible(_text(value)))
    return _CONTROL.sub(" ", text).strip()


def _escape_char(char: str, short_hex: bool) -> str:
    """Escape one character for a double-quoted Python, YAML or TOML literal."""
    code = ord(char)
    if char in _PY_SIMPLE:
        return _PY_SIMPLE[char]
    if 0x20 <= code < 0x7F:
        return char
    if code <= 0xFF and short_hex:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def py_str(value: object) -> str:
    """A Python string literal in the quotes `ruff format` keeps (pure ASCII)."""
    text = _text(value)
    body = "".join(_escape_char(char, True) for char in text)
    if text.count('"') > text.count("'"):
        return "'" + body.replace('\\"', '"').replace("'", "\\'") + "'"
    return '"' + body + '"'


def py_comment(value: object) -> str:
    """One line of text that is safe after a `#`."""
    return _one_line(value).replace("{{", "{ {").replace("}}", "} }")


def py_doc(value: object) -> str:
    """Text safe inside a triple-quoted docstring: one line, no quotes or backslashes at risk."""
    text = _one_line(value).replace("\\", "\\\\").replace('"', "'")
    return text.rstrip("\\") or "-"


def yaml_str(value: object) -> str:
    """A YAML double-quoted scalar (pure ASCII; YAML shares Python's escapes)."""
    return '"' + "".join(_escape_char(char, True) for char in _text(value)) + '"'


def json_str(value: object) -> str:
    """A JSON string literal that is also safe inside HTML <script>."""
    text = json.dumps(_text(value), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def md(value: object) -> str:
    """Markdown text on one line, with every markup character escaped."""
    text = _MD_SPECIAL.sub(r"\\\1", _one_line(value))
    return text.replace("\\<", "&lt;").replace("\\>", "&gt;")


def md_mermaid(value: object) -> str:
    """A Mermaid label: quoted, with quotes and markup as HTML entities."""
    text = _html.escape(_one_line(value), quote=True)
    return '"' + text.replace("{", "&#123;").replace("}", "&#125;") + '"'


def toml_str(value: object) -> str:
    """A TOML basic string (pure ASCII, \\u and \\U escapes only)."""
    return '"' + "".join(_escape_char(char, False) for char in _text(value)) + '"'


def sh(value: object) -> str:
    """A shell word, single-quoted when needed."""
    return shlex.quote(_one_line(value))


def html(value: object) -> str:
    """HTML-escaped text, quotes included, without invisible format characters."""
    return _html.escape(_visible(_text(value)), quote=True)


def ini_comment(value: object) -> str:
    """One line of text that is safe after a `#` in an INI or .env file."""
    return _one_line(value).replace("%", "%%")


def py_literal(value: object) -> str:
    """A Python literal for a coerced default value (bool, number, Decimal, date, text).

    Dates and times need `import datetime as _dt`, Decimal and UUID their usual imports.
    """
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, Decimal):
        return f"Decimal({py_str(str(value))})"
    if isinstance(value, int | float):
        return repr(value)
    # Through `_dt` (`import datetime as _dt`): no genome field can take that name, while a
    # field named `date` would hide `date` from the class bodies that hold these defaults.
    if isinstance(value, datetime.datetime):
        return f"_dt.datetime.fromisoformat({py_str(value.isoformat())})"
    if isinstance(value, datetime.date):
        return f"_dt.date.fromisoformat({py_str(value.isoformat())})"
    if isinstance(value, datetime.time):
        return f"_dt.time.fromisoformat({py_str(value.isoformat())})"
    if isinstance(value, uuid.UUID):
        return f"UUID({py_str(str(value))})"
    if isinstance(value, dict):
        items = ", ".join(f"{py_str(key)}: {py_literal(item)}" for key, item in value.items())
        return "{" + items + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(py_literal(item) for item in value) + "]"
    return py_str(value)


def _plain(value: object) -> object:
    """Plain JSON data: Decimals, UUIDs, dates and times as their ISO text."""
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [_plain(item) for item in value]
    return str(value)


def ts_value(value: object) -> str:
    """A TypeScript (JSON) literal of plain data, also safe inside HTML <script>."""
    text = json.dumps(_plain(value), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


MAX_SAFE_INTEGER = 2**53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER


def ts_number(value: object) -> str:
    """A TypeScript literal of a number bound or default: whole numbers beyond 2^53 (which a
    JavaScript number cannot hold exactly) as decimal text, anything else as ts_value."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SAFE_INTEGER:
        return ts_value(str(value))
    return ts_value(value)


def yaml_doc(value: object) -> str:
    """A whole YAML document for plain data, every string quoted and escaped by PyYAML."""
    return yaml.safe_dump(
        value, sort_keys=False, allow_unicode=False, default_flow_style=False, width=88
    ).rstrip("\n")


def ident(value: object) -> str:
    """A PostgreSQL identifier of at most 63 bytes (long names end in a stable hash)."""
    text = _text(value)
    if len(text) <= MAX_IDENTIFIER:
        return text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{text[: MAX_IDENTIFIER - 9]}_{digest}"


FILTERS = {
    "py_str": py_str,
    "py_comment": py_comment,
    "py_doc": py_doc,
    "yaml_str": yaml_str,
    "json_str": json_str,
    "md": md,
    "md_mermaid": md_mermaid,
    "toml_str": toml_str,
    "sh": sh,
    "html": html,
    "ini_comment": ini_comment,
    "py_literal": py_literal,
    "yaml_doc": yaml_doc,
    "ts_value": ts_value,
    "ts_number": ts_number,
    "ident": ident,
}
