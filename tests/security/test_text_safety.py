"""Hidden control and bidi characters are shown, at reading and again at escaping."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from pmaf_lib.plan import load_council
from pmaf_lib.plan.text_safety import visible_controls
from pmaf_lib.report.html import escape, join
from tests.security.payloads import HIDDEN_CHARACTERS
from tests.security.poison import MINI


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Total \u202egnp.exe\u202c cost", "Total [U+202E]gnp.exe[U+202C] cost"),
        ("\u2066hidden\u2069", "[U+2066]hidden[U+2069]"),
        ("before\x00after", "before[U+0000]after"),
        ("\x1b[31mred", "[U+001B][31mred"),
        ("c1\x85 del\x7f", "c1[U+0085] del[U+007F]"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("windows\r\nmac\rend", "windows\nmac\nend"),
        ("Arabic mark \u061c", "Arabic mark [U+061C]"),
        ("\u200fRLM and \u200eLRM stay", "\u200fRLM and \u200eLRM stay"),
        ("Ní Bhriain, £5, 🎉, عربى", "Ní Bhriain, £5, 🎉, عربى"),
    ],
)
def test_visible_controls(text: str, shown: str):
    assert visible_controls(text) == shown


def test_every_hidden_character_is_shown():
    shown = visible_controls(HIDDEN_CHARACTERS)
    assert not set(shown) & set(HIDDEN_CHARACTERS)
    assert shown.count("[U+") == len(HIDDEN_CHARACTERS)


def test_html_escaping_shows_them_too_whatever_the_route():
    assert escape("a\u202eb") == "a[U+202E]b"
    assert join(["x\x00", escape("<y>")], "\u2066") == "x[U+0000][U+2066]&lt;y&gt;"


def test_readers_show_them_in_tables_and_yaml(tmp_path: Path):
    data = tmp_path / "mini"
    shutil.copytree(MINI, data)
    reference = data / "reference.yaml"
    reference.write_text(
        reference.read_text(encoding="utf-8").replace(
            "name: Environment,", 'name: "Env\\u202Eironment\\0",'
        ),
        encoding="utf-8",
    )
    returns = data / "returns" / "2025-26.csv"
    rows = list(csv.reader(returns.open(newline="", encoding="utf-8")))
    rows[1][rows[0].index("commentary")] = "Late\x00 \u202etxt.exe"
    with returns.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    council = load_council(data)
    names = {d.id: d.name for d in council.reference.directorates}
    assert names["ENV"] == "Env[U+202E]ironment[U+0000]"
    assert "Late[U+0000] [U+202E]txt.exe" in set(council.values["commentary"].dropna())
