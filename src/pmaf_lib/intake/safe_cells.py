"""Text written into a spreadsheet or CSV must never become a formula when a user opens it.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (OWASP "CSV injection"). Such text is prefixed
with an apostrophe, which spreadsheets show as plain text; numbers are left alone.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d[\d,]*)?(\.\d+)?([eE][+-]?\d+)?%?$")


def neutralise(text: object) -> object:
    """``'=HYPERLINK(...)`` for formula-like text; anything else (numbers, None) unchanged."""
    if not isinstance(text, str) or not text.startswith(FORMULA_START):
        return text
    if _NUMBER.match(text) and any(c.isdigit() for c in text):
        return text  # a signed number such as -12.5 is data, not a formula
    return "'" + text
