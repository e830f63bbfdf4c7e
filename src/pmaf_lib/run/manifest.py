"""``manifest.json``: what a run read, with what software, and what it produced."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from pmaf_lib.run.jobs import RunPlan
from pmaf_lib.run.worker import JobResult, RenderSettings

PACKAGES = (
    "pmaf", "pandas", "numpy", "matplotlib", "seaborn", "scipy", "pydantic", "pyyaml",
    "openpyxl", "papermill", "nbconvert", "nbclient", "nbformat", "ipykernel", "jupyter_client",
    "weasyprint", "playwright",
)  # fmt: skip


def sha256_file(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_state(folder: Path) -> dict[str, Any] | None:
    """Commit and dirty flag of the git checkout holding ``folder``, if any."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}
    except (OSError, subprocess.CalledProcessError):
        return None


def _report_entry(job, result: JobResult, build: Path) -> dict[str, Any]:
    return {
        "name": job.name,
        "title": job.title,
        "notebook": job.notebook.name,
        "scope_type": job.scope_type,
        "scope_id": job.scope_id,
        "parameters": {k: v for k, v in sorted(job.parameters.items()) if k != "evaluation_cache"},
        "status": result.status,
        "error": result.error,
        "timings_s": {k: round(v, 3) for k, v in sorted(result.timings.items())},
        "files": {
            kind: {"path": name, "sha256": sha256_file(build / name)}
            for kind, name in sorted(result.files.items())
        },
    }


def build_manifest(
    *,
    plan: RunPlan,
    results: list[JobResult],
    build: Path,
    inputs: list[dict[str, Any]],
    params: dict[str, Any],
    settings: RenderSettings,
    started: str,
    finished: str,
    wall_s: float,
    code_dir: Path,
) -> dict[str, Any]:
    failed = sum(r.status != "ok" for r in results)
    return {
        "run": {"started": started, "finished": finished, "wall_s": round(wall_s, 3)},
        "period": plan.period,
        "council": plan.council,
        "outcome": {
            "reports": len(results),
            "failed": failed,
            "complete_plan": plan.complete,
        },
        "inputs": inputs,
        "parameters": params,
        "rendering": {
            "formats": list(settings.formats),
            "renderer": settings.renderer,
            "pdf_engine": settings.pdf_engine if "pdf" in settings.formats else None,
            "pdf_reports": settings.pdf_reports if "pdf" in settings.formats else None,
            "timeout_s": settings.timeout,
        },
        "software": package_versions(),
        "git": git_state(code_dir),
        "index": {"path": "index.html", "sha256": sha256_file(build / "index.html")},
        "reports": [
            _report_entry(job, res, build) for job, res in zip(plan.jobs, results, strict=True)
        ],
    }


def write_manifest(build: Path, manifest: dict[str, Any]) -> Path:
    """Write ``manifest.json`` and flush it to disk (it is what marks a build complete)."""
    path = build / "manifest.json"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return path
