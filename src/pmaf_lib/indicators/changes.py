"""What changed since the previous report month: RAG changes and milestones newly complete
or newly overdue."""

from __future__ import annotations

import pandas as pd

from pmaf_lib.indicators.evaluation import Evaluation


def what_changed(previous: Evaluation, current: Evaluation) -> pd.DataFrame:
    """What changed since the previous evaluation: RAG changes and milestones newly complete
    or newly overdue. Columns ``kind, id, title, change, before, after, directions``."""
    before = previous.scorecard.set_index("metric_id")["rag"]
    now = current.scorecard.set_index("metric_id")
    was = before.reindex(now.index)
    moved = now[(was.to_numpy(dtype=object) != now["rag"].to_numpy(dtype=object))]
    metric_rows = pd.DataFrame(
        {
            "kind": "metric",
            "id": moved.index.to_numpy(),
            "title": moved["title"].to_numpy(),
            "change": "RAG changed",
            "before": was.reindex(moved.index).to_numpy(dtype=object),
            "after": moved["rag"].to_numpy(),
            "directions": moved["directions"].to_numpy(),
        }
    )
    then = previous.milestones.set_index("milestone_id")["status"]
    ms = current.milestones.set_index("milestone_id")
    old = then.reindex(ms.index).to_numpy(dtype=object)
    status = ms["status"].to_numpy(dtype=object)
    frames = [metric_rows]
    for label in ("complete", "overdue"):
        changed = (status == label) & (old != label)
        frames.append(
            pd.DataFrame(
                {
                    "kind": "milestone",
                    "id": ms.index[changed].to_numpy(),
                    "title": ms["title"].to_numpy()[changed],
                    "change": f"newly {label}",
                    "before": old[changed],
                    "after": status[changed],
                    "directions": ms["directions"].to_numpy()[changed],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
