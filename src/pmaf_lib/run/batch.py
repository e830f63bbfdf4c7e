"""Many councils in one run: ``pmaf run --data councils/*/`` or ``--batch councils.yaml``.

Each council is checked and evaluated on its own; every report of every council is then fanned
out over one executor (process pool or Dask), and each council's month is published atomically
in ``<out>/<council>/<period>/`` as a single run would. ``<out>/batch.html`` (and
``batch.json``) list each council's outcome. One council's invalid data, lock or failure never
stops the others.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

from pmaf_lib.errors import ExitCode, InvalidInput, PmafError
from pmaf_lib.run import output_tree, upstream
from pmaf_lib.run.executor import workers_started_early
from pmaf_lib.run.monthly import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    RunRequest,
    StagedRun,
    execute_staged,
    finish_run,
    prepare_run,
    stage_run,
    terminate_as_interrupt,
    workers_for,
)
from pmaf_lib.run.params import load_params
from pmaf_lib.run.progress import LOG, configure_logging

BATCH_PAGE, BATCH_JSON = "batch.html", "batch.json"


class BatchFileError(InvalidInput, ValueError):
    """The batch file is unreadable or lists a council wrongly."""


@dataclass(frozen=True, slots=True)
class Council:
    """One council of a batch: its data folder, run definition and output folder name."""

    name: str
    data_dir: Path
    params_path: Path


@dataclass(slots=True)
class Outcome:
    """What happened to one council."""

    name: str
    status: str  # ok, failed (some reports), invalid (nothing ran), error
    message: str = ""
    period: str | None = None
    reports: int = 0
    failed: int = 0
    index: str | None = None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "council"


def councils_from_folders(folders: list[Path], params_path: Path) -> list[Council]:
    """``--data a/ b/ c/``: each folder a council named after it, all with one params file."""
    return [Council(_slug(f.resolve().name), f.resolve(), params_path) for f in folders]


def read_batch_file(path: Path) -> list[Council]:
    """A YAML list of ``{data: DIR, params: FILE, name: NAME}`` (``params`` and ``name``
    optional), paths relative to the file."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BatchFileError(f"{path}: cannot read the batch file: {exc}") from None
    if isinstance(entries, dict):
        entries = entries.get("councils")
    if not isinstance(entries, list) or not entries:
        raise BatchFileError(f"{path}: expected a list of councils, each with a 'data' folder")
    councils, problems = [], []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("data"), str):
            problems.append(f"{path}: council {n}: expected a mapping with 'data: FOLDER'")
            continue
        unknown = sorted(set(entry) - {"data", "params", "name"})
        if unknown:
            problems.append(f"{path}: council {n}: unknown key(s) {', '.join(unknown)}")
        data = (path.parent / entry["data"]).resolve()
        params = (path.parent / entry.get("params", "params/monthly.yaml")).resolve()
        councils.append(Council(_slug(str(entry.get("name") or data.name)), data, params))
    names = [c.name for c in councils]
    twice = sorted({n for n in names if names.count(n) > 1})
    problems += [f"{path}: council name {n!r} used twice (give each a 'name')" for n in twice]
    if problems:
        raise BatchFileError("\n".join(problems))
    return councils


def _stage(
    council: Council, base: RunRequest, up: upstream.Upstream, locks: contextlib.ExitStack
) -> StagedRun:
    request = dataclasses.replace(
        base, data_dir=council.data_dir, params_path=council.params_path,
        out_root=base.out_root / council.name,
    )  # fmt: skip
    params, data, plan = prepare_run(request, up)
    locks.enter_context(output_tree.period_lock(request.out_root, plan.period))
    return stage_run(request, params, data, plan, up)


def _row(o: Outcome) -> str:
    status = "Complete" if o.status == "ok" else f"<strong>{escape(o.status.title())}</strong>"
    link = "—"
    if o.index:
        link = (
            f'<a href="{escape(o.index)}">Index<span class="skip"> of {escape(o.name)}</span></a>'
        )
    return (
        f'<tr><th scope="row">{escape(o.name)}</th><td>{escape(o.period or "—")}</td>'
        f"<td>{status}</td><td>{o.reports - o.failed} of {o.reports}</td><td>{link}</td>"
        f"<td>{escape(o.message)}</td></tr>"
    )


def _write_batch_index(out_root: Path, outcomes: list[Outcome]) -> Path:
    """``batch.html`` and ``batch.json``, each written whole then renamed into place."""
    rows = "\n".join(_row(o) for o in outcomes)
    bad = sum(o.status != "ok" for o in outcomes)
    summary = (
        f"All {len(outcomes)} councils complete."
        if not bad
        else f"{bad} of {len(outcomes)} councils need attention (see the table)."
    )
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Batch of {len(outcomes)} councils</title>
<style>body {{ font-family: Arial, sans-serif; max-width: 60rem; margin: 0 auto; padding: 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #b1b4b6; padding: 0.4rem; text-align: left; }}
.skip {{ position: absolute; left: -9999px; }}</style></head>
<body><main>
<h1>Monthly reports: batch of {len(outcomes)} councils</h1>
<p>{summary}</p>
<table><caption>Councils</caption>
<thead><tr><th scope="col">Council</th><th scope="col">Month</th><th scope="col">Status</th>
<th scope="col">Reports produced</th><th scope="col">Index</th><th scope="col">Problem</th>
</tr></thead>
<tbody>
{rows}
</tbody></table></main></body></html>
"""
    out_root.mkdir(parents=True, exist_ok=True)
    records = json.dumps([dataclasses.asdict(o) for o in outcomes], indent=2) + "\n"
    for name, text in ((BATCH_JSON, records), (BATCH_PAGE, page)):
        partial = out_root / f".{name}.{os.getpid()}.part"
        partial.write_text(text, encoding="utf-8")
        partial.replace(out_root / name)
    return out_root / BATCH_PAGE


def _published(council: Council, staged: StagedRun, results: list) -> Outcome:
    publication = finish_run(staged, results)
    failed = sum(r.status != "ok" for r in results)
    index = publication.location / "index.html"
    return Outcome(
        council.name, "failed" if failed else "ok",
        "" if publication.published else "not published: the published month is better",
        staged.plan.period, len(results), failed,
        str(index.relative_to(staged.request.out_root.resolve().parent)),
    )  # fmt: skip


def _error(council: Council, exc: Exception) -> Outcome:
    LOG.error("%s: %s: %s", council.name, type(exc).__name__, exc)
    return Outcome(council.name, "error", f"{type(exc).__name__}: {exc}")


def _likely_workers(base: RunRequest, councils: list[Council]) -> int | None:
    """The batch's worker count as the first council's params give it (None: unreadable)."""
    if not councils:
        return None
    try:
        return workers_for(base, load_params(councils[0].params_path))
    except PmafError:  # reported with that council
        return None


def _run_all(
    base: RunRequest, councils: list[Council], up: upstream.Upstream, staged: dict[str, StagedRun]
) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    workers = _likely_workers(base, councils)
    with (
        workers_started_early(base.scheduler if workers else None, workers or 1),
        contextlib.ExitStack() as locks,
    ):
        for council in councils:
            try:
                staged[council.name] = _stage(council, base, up, locks)
            except PmafError as exc:  # invalid data or params, the month locked by another run
                LOG.warning("%s: %s", council.name, exc)
                status = "invalid" if exc.exit_code == ExitCode.INVALID else "not run"
                outcomes[council.name] = Outcome(council.name, status, str(exc))
            except Exception as exc:  # one council's bug never stops the others
                outcomes[council.name] = _error(council, exc)
        ready = [c for c in councils if c.name in staged]
        if not ready:
            return outcomes
        runs = [staged[c.name] for c in ready]
        all_results = execute_staged(runs, workers_for(base, runs[0].params), base.scheduler)
        for council, results in zip(ready, all_results, strict=True):
            try:
                outcomes[council.name] = _published(council, staged.pop(council.name), results)
            except Exception as exc:
                outcomes[council.name] = _error(council, exc)
    return outcomes


def run_batch(
    base: RunRequest, councils: list[Council], up: upstream.Upstream | None = None
) -> int:
    """Run every council's month; 0 when every council published every report, 1 when any
    council failed or was invalid, 3 when the scheduler cannot be used, 130 when interrupted."""
    configure_logging(base.verbosity)
    staged: dict[str, StagedRun] = {}
    try:
        with terminate_as_interrupt():
            outcomes = _run_all(base, councils, up or upstream.pmaf_upstream(), staged)
    except PmafError as exc:  # e.g. the Dask scheduler cannot be used
        print(f"pmaf run: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("pmaf run: interrupted; the published outputs are unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        for run in staged.values():  # staged but never published
            output_tree.discard_build(run.build)
    ordered = [outcomes[c.name] for c in councils]
    page = _write_batch_index(base.out_root.resolve(), ordered)
    for o in ordered:
        print(f"{o.name}: {o.status}" + (f" ({o.message})" if o.message else ""))
    print(f"batch index: {page}")
    return EXIT_OK if all(o.status == "ok" for o in ordered) else EXIT_FAILED
