"""The Quarto route reads the report title as Pandoc Markdown: it must arrive as plain text."""

from __future__ import annotations

import re

import pytest

from pmaf_lib.plan.text_safety import visible_controls
from pmaf_lib.render.quarto import markdown_text
from tests.security.payloads import PAYLOADS


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_every_punctuation_mark_of_a_title_is_escaped_for_markdown(name: str):
    escaped = markdown_text(PAYLOADS[name])
    # Pandoc reads a backslash before any ASCII punctuation as that character, literally.
    unescaped = re.sub(r"\\(.)", "", escaped)
    assert not re.search(r"[!-/:-@\[-`{-~]", unescaped)
    assert re.sub(r"\\(.)", r"\1", escaped) == visible_controls(PAYLOADS[name]).replace("\n", " ")
