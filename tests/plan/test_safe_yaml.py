"""plan/safe_yaml.py: anchors, aliases, depth and duplicate keys, refused with their lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pmaf_lib.plan import safe_yaml
from pmaf_lib.plan.loader import validate_data
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


def test_validate_names_an_alias_bomb_and_a_duplicate_key_in_the_council_files(
    tmp_path: Path,
) -> None:
    data = tmp_path / "council"
    shutil.copytree(Path(__file__).resolve().parents[2] / "data" / "sample", data)
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8)
    )
    (data / "plan.yaml").write_text(bomb, encoding="utf-8")
    reference = (data / "reference.yaml").read_text(encoding="utf-8")
    (data / "reference.yaml").write_text(reference + "directorates: []\n", encoding="utf-8")
    problems = validate_data(data).problems
    texts = [f"{p.file} {p.row} {p.message}" for p in problems]
    assert any(t.startswith("plan.yaml 1 ") and "anchors and aliases" in t for t in texts), texts
    assert any(t.startswith("reference.yaml ") and "appears twice" in t for t in texts), texts
