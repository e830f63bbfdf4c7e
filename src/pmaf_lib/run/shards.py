"""Shards for job arrays: ``pmaf run --shard i/N`` then ``pmaf assemble``.

Shard ``i`` of ``N`` checks and evaluates the council as a whole run would, executes every
``N``-th report starting with the ``i``-th, and keeps them in ``<out>/<period>.shard-i-of-N/``
with ``shard.pkl``: the full report list, the inputs' hashes, the software and git commit, the
parameters and its results. ``pmaf assemble`` refuses to publish unless every shard is present
and all agree on those, then writes the index and manifest and publishes the month atomically,
as a single run would. Kubernetes indexed jobs, SLURM arrays and CI matrices need nothing else.

The shard folders are the run's own working files (like the evaluation cache): ``shard.pkl``
is unpickled, so only assemble shards this pipeline wrote.
"""

from __future__ import annotations

import dataclasses
import pickle
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmaf_lib.errors import InvalidInput, PmafError
from pmaf_lib.intake.outputs import read_log as read_import_log
from pmaf_lib.run import output_tree, upstream
from pmaf_lib.run.index_page import write_index
from pmaf_lib.run.jobs import RunPlan
from pmaf_lib.run.manifest import build_manifest, git_state, package_versions, write_manifest
from pmaf_lib.run.monthly import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    RunRequest,
    execute_staged,
    now_stamp,
    prepare_run,
    stage_run,
    terminate_as_interrupt,
    workers_for,
)
from pmaf_lib.run.progress import LOG, configure_logging, summary_table
from pmaf_lib.run.worker import JobResult, RenderSettings

RECORD = "shard.pkl"
_SHARD = re.compile(r"^(?P<i>\d+)/(?P<n>\d+)$")
_FOLDER = re.compile(r"^(?P<period>.+)\.shard-(?P<i>\d+)-of-(?P<n>\d+)$")
# What every shard of one month must agree on before the month is assembled.
AGREED = ("period", "council", "job_names", "inputs", "params", "software", "git", "rendering")


class ShardError(InvalidInput, ValueError):
    """The shards cannot be assembled into one month; nothing was published."""


def parse_shard(text: str) -> tuple[int, int]:
    """``2/8`` -> (2, 8); shards count from 1."""
    match = _SHARD.match(text)
    i, n = (int(match["i"]), int(match["n"])) if match else (0, 0)
    if not match or not 1 <= i <= n:
        raise ShardError(f"--shard {text!r}: expected i/N with 1 <= i <= N, e.g. 2/8")
    return i, n


@dataclass(frozen=True, slots=True)
class ShardRecord:
    """One shard's share of the month and everything the shards must agree on."""

    index: int
    count: int
    period: str
    council: str
    job_names: tuple[str, ...]
    inputs: list[dict[str, Any]]
    params: dict[str, Any]
    software: dict[str, str | None]
    git: dict[str, Any] | None
    rendering: tuple[Any, ...]
    plan: RunPlan  # the whole month's plan
    settings: RenderSettings
    results: dict[str, JobResult]  # this shard's reports, by name
    started: str
    wall_s: float
    manifest_extra: dict[str, Any]  # open data files and the import log, as a run records them

    def agreed(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in AGREED}


def shard_folder(out_root: Path, period: str, index: int, count: int) -> Path:
    return out_root / f"{period}.shard-{index}-of-{count}"


def _rendering(settings: RenderSettings) -> tuple[Any, ...]:
    return (
        settings.formats,
        settings.renderer,
        settings.pdf_engine,
        settings.timeout,
        settings.pdf_reports,
    )


def run_shard(
    request: RunRequest, shard: tuple[int, int], up: upstream.Upstream | None = None
) -> int:
    """Execute shard ``i`` of ``N`` of the month into its shard folder; the exit code."""
    configure_logging(request.verbosity)
    up = up or upstream.pmaf_upstream()
    index, count = shard
    try:
        with terminate_as_interrupt():
            params, council, plan = prepare_run(request, up)
            # each shard builds in its own folder: shards of one month may run side by side
            private = dataclasses.replace(
                request, out_root=request.out_root / f".shard-{index}-of-{count}"
            )
            staged = stage_run(private, params, council, plan, up)
            try:
                mine = staged.plan.jobs[index - 1 :: count]
                staged = dataclasses.replace(
                    staged, plan=dataclasses.replace(staged.plan, jobs=mine)
                )
                workers = workers_for(request, params)
                (results,) = execute_staged([staged], workers, request.scheduler)
                output_tree.discard_build(staged.settings.work_dir)
                record = ShardRecord(
                    index, count, plan.period, plan.council, tuple(j.name for j in plan.jobs),
                    upstream.input_files(council), params.model_dump(mode="json"),
                    package_versions(), git_state(Path.cwd()), _rendering(staged.settings),
                    plan, staged.settings, {r.name: r for r in results}, staged.started,
                    time.perf_counter() - staged.clock,
                    {"open_data": staged.open_data, "imports": read_import_log(request.data_dir)},
                )  # fmt: skip
                with (staged.build / RECORD).open("wb") as handle:
                    pickle.dump(record, handle, pickle.HIGHEST_PROTOCOL)
                output_tree.fsync_tree(staged.build)
                target = shard_folder(request.out_root.resolve(), plan.period, index, count)
                shutil.rmtree(target, ignore_errors=True)
                staged.build.rename(target)
                shutil.rmtree(private.out_root, ignore_errors=True)
            except BaseException:
                output_tree.discard_build(staged.build)
                raise
    except PmafError as exc:
        print(f"pmaf run: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("pmaf run: interrupted; the shard was not written", file=sys.stderr)
        return EXIT_INTERRUPTED
    if request.verbosity:
        print(summary_table(mine, results))
    print(f"shard {index} of {count}: {target}")
    return EXIT_FAILED if any(r.status != "ok" for r in results) else EXIT_OK


def _read(folder: Path) -> ShardRecord:
    try:
        with (folder / RECORD).open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError) as exc:
        raise ShardError(f"{folder}: not a complete shard ({exc})") from None


def find_shards(root: Path, period: str | None) -> list[ShardRecord]:
    """Every shard of one month under ``root``, checked complete and in agreement."""
    folders = sorted(p for p in root.glob("*.shard-*-of-*") if p.is_dir() and _FOLDER.match(p.name))
    periods = sorted({_FOLDER.match(p.name)["period"] for p in folders})
    if period is None and len(periods) > 1:
        raise ShardError(f"{root}: shards of several months ({', '.join(periods)}); give --period")
    wanted = period or (periods[0] if periods else None)
    folders = [p for p in folders if _FOLDER.match(p.name)["period"] == wanted]
    if not folders:
        raise ShardError(f"{root}: no shard folders" + (f" for {period}" if period else ""))
    records = [_read(p) for p in folders]
    counts = sorted({r.count for r in records})
    if len(counts) > 1:
        raise ShardError(f"{root}: shards of different splits (of {', '.join(map(str, counts))})")
    have = {r.index for r in records}
    missing = [i for i in range(1, counts[0] + 1) if i not in have]
    if missing:
        names = ", ".join(f"{i} of {counts[0]}" for i in missing)
        raise ShardError(f"{root}: shard(s) {names} missing for {wanted}; nothing was published")
    first = records[0].agreed()
    problems = [
        f"shard {r.index} differs from shard {records[0].index} in {key}"
        for r in records[1:]
        for key, value in r.agreed().items()
        if value != first[key]
    ]
    if problems:
        raise ShardError(
            "the shards do not agree; nothing was published:\n  " + "\n  ".join(problems)
        )
    return sorted(records, key=lambda r: r.index)


def _build_month(records: list[ShardRecord], root: Path, build: Path) -> list[JobResult]:
    """Copy every shard's files into ``build`` and write the index and manifest."""
    first, plan = records[0], records[0].plan
    for entry in first.manifest_extra["open_data"]:  # the same in every shard
        first_folder = shard_folder(root, first.period, first.index, first.count)
        shutil.copyfile(first_folder / entry["path"], build / entry["path"])
    for rec in records:
        folder = shard_folder(root, rec.period, rec.index, rec.count)
        for result in rec.results.values():
            for name in result.files.values():
                shutil.copyfile(folder / name, build / name)
    by_name = {name: r for rec in records for name, r in rec.results.items()}
    results = [by_name[job.name] for job in plan.jobs]
    write_index(build, plan, results)
    manifest = build_manifest(
        plan=plan, results=results, build=build, inputs=first.inputs, params=first.params,
        settings=first.settings, started=min(r.started for r in records), finished=now_stamp(),
        wall_s=max(r.wall_s for r in records), code_dir=Path.cwd(),
    )  # fmt: skip
    manifest.update(first.manifest_extra)
    manifest["git"] = first.git  # the code the shards ran, not where assemble runs
    manifest["shards"] = len(records)
    output_tree.fsync_tree(build)
    write_manifest(build, manifest)
    return results


def assemble(root: Path, out_root: Path, period: str | None = None) -> int:
    """Publish one month from its shards under ``root`` into ``out_root``; the exit code."""
    try:
        records = find_shards(root, period)
    except ShardError as exc:
        print(f"pmaf assemble: {exc}", file=sys.stderr)
        return exc.exit_code
    month, out_root = records[0].period, out_root.resolve()
    try:
        with terminate_as_interrupt(), output_tree.period_lock(out_root, month):
            for note in output_tree.recover_stale_builds(out_root, month):
                LOG.info(note)
            build = output_tree.start_build(out_root, month)
            try:
                results = _build_month(records, root.resolve(), build)
            except BaseException:
                output_tree.discard_build(build)
                raise
            publication = output_tree.publish(build, out_root, month)
    except PmafError as exc:  # another run of the month holds the lock
        print(f"pmaf assemble: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("pmaf assemble: interrupted; the published outputs are unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED
    label = "index" if publication.published else "index (not published)"
    print(f"{label}: {(publication.location / 'index.html').resolve()}")
    return EXIT_FAILED if any(r.status != "ok" for r in results) else EXIT_OK
