"""plan/safe_yaml.py: anchors, aliases, depth and duplicate keys, refused with their lines."""

from __future__ import annotations

import pytest

from pmaf_lib.plan import safe_yaml
from pmaf_lib.plan.safe_yaml import DuplicateKey, UnsafeYaml


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb: &x [1, 2]\nc: *x\n", 2, "anchors and aliases (&x, *x)"),
        ("a: &loop [*loop]\n", 1, "anchors and aliases"),
        ("a:\n  b: *nowhere\n", 2, "anchors and aliases"),
        ("deep: " + "[" * 500 + "]" * 500, 1, f"nested more than {safe_yaml.MAX_DEPTH} levels"),
    ],
)
def test_refused_with_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(UnsafeYaml) as caught:
        safe_yaml.compose(text)
    assert words in caught.value.problem
    assert caught.value.problem_mark.line + 1 == line


def test_duplicate_keys_name_both_lines_at_any_depth() -> None:
    text = "plan:\n  id: x\n  name: y\n  id: z\nplan: again\n"
    _node, duplicates = safe_yaml.compose(text)
    assert duplicates == [DuplicateKey("id", 2, 4), DuplicateKey("plan", 1, 5)]
    assert str(duplicates[0]) == "key 'id' appears twice in one section: lines 2 and 4"


def test_the_same_key_in_sibling_sections_is_fine() -> None:
    assert safe_yaml.compose("- id: 1\n- id: 2\n")[1] == []


def test_typed_load_refuses_duplicates_and_keeps_types() -> None:
    assert safe_yaml.load("timeout: 600\nformats: [html]\n") == {
        "timeout": 600,
        "formats": ["html"],
    }
    with pytest.raises(UnsafeYaml, match="'timeout' appears twice"):
        safe_yaml.load("timeout: 600\ntimeout: 5\n")


def test_oversized_text_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_yaml, "MAX_BYTES", 10)
    with pytest.raises(UnsafeYaml, match="larger than"):
        safe_yaml.compose("a: 12345678901234567890\n")
