"""A chart drawn once per run: the same metric's SPC chart appears in its priority, directorate
and portfolio reports (and the corporate summary), each a separate notebook kernel.

``pmaf run`` points ``PMAF_CHART_CACHE`` at a folder in the run's working area; kernels then
share each chart's finished HTML, keyed by everything it is drawn from. Without the variable
(an analyst in JupyterLab) every chart is simply drawn.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from pmaf_lib.report.html import Html

CACHE_ENV = "PMAF_CHART_CACHE"


def cached_chart(kind: str, key: Callable[[], str], draw: Callable[[], Html]) -> Html:
    """``draw()``'s result, read from the run's chart cache when another report drew it;
    ``key()`` (everything the chart is drawn from, as text) is called only with a cache."""
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        return draw()
    digest = hashlib.sha256(f"{kind}\n{key()}".encode()).hexdigest()
    path = Path(folder) / f"{kind}-{digest}.html"
    if path.exists():
        return Html(path.read_text(encoding="utf-8"))
    html = draw()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, path)  # atomic: a reader sees the whole chart or none
    return html


def metric_chart_key(history: pd.DataFrame, metric: Mapping[str, Any]) -> str:
    """Everything a metric's chart is drawn from, as text: its history rows and its
    scorecard row."""
    return history.to_csv(index=False) + repr(sorted((k, repr(v)) for k, v in metric.items()))
