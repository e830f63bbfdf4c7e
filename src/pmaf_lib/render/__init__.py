"""Executed notebook -> accessible HTML (pmaf's nbconvert template) -> tagged PDF; Quarto route."""

from pmaf_lib.render.lean_imports import skip_slow_format_checks

skip_slow_format_checks()
