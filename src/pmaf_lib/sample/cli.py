"""``pmaf sample``: write the seeded sample council data folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmaf_lib.sample.generator import generate

DEFAULT_OUT = Path("data/sample")
DEFAULT_SEED = 2026


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``sample`` sub-command."""
    parser = subparsers.add_parser(
        "sample",
        help="write the fictional sample council's data folder",
        description="Generate the deterministic sample council (same seed and scale give "
        "byte-identical files).",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="size factor: 1 gives about 120 metrics, 8.5 about 1,000 metrics",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if args.scale <= 0:
        print(f"pmaf sample: --scale must be positive, got {args.scale}")
        return 2
    print(generate(args.out, seed=args.seed, scale=args.scale))
    return 0
