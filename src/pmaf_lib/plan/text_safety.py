"""Invisible characters in data made visible, so that no text can hide or reorder other text.

1. Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the
   Arabic letter mark (U+061C) can make a cell display as something other than what it holds
   ("Trojan Source", CVE-2021-42574): a board member would read one thing, pmaf judge another.
2. NUL, the other C0 controls, DEL and the C1 controls (U+0080-U+009F) are invisible, cut
   text short in some readers and are invalid in XML (SVG, PDF tags).
3. Each such character becomes its code point in brackets, e.g. ``[U+202E]``, so an officer
   reading the report or a validation message sees exactly where it was. Tab and newline are
   kept; a carriage return (``\\r\\n`` or ``\\r`` from a Windows or old Mac file) becomes a
   newline. Left-to-right and right-to-left marks (U+200E, U+200F) are kept: they only steer
   punctuation, and Arabic, Hebrew or Urdu text needs them.

It runs where data is read (``plan.tables``, ``plan.yaml_files``) and again in the HTML escaping
layer (``report.html.escape``), so text from any other route is treated the same.
"""

from __future__ import annotations

import re

_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069]")
_CARRIAGE_RETURN = re.compile("\r\n?")
_CHANGED = re.compile(f"\r|{_HIDDEN.pattern}")  # what either substitution below would change


def visible_controls(text: str) -> str:
    """``text`` with hidden control and bidi characters shown as code points.

    ``visible_controls("ASC\\u202e")`` -> ``"ASC[U+202E]"``.
    """
    if not _CHANGED.search(text):  # nearly every cell: one scan instead of two substitutions
        return text
    text = _CARRIAGE_RETURN.sub("\n", text)
    return _HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
