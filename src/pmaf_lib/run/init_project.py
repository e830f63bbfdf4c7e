"""``pmaf init DIR``: scaffold a council's project folder (data, params, notebooks, README)."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

import yaml

from pmaf_lib import project
from pmaf_lib.errors import InvalidInput
from pmaf_lib.sample.generator import generate

SAMPLE_SEED = 2026
README_TEMPLATE = Path(__file__).with_name("templates") / "project_README.md"
GITIGNORE = "outputs/\n"


class InitError(InvalidInput, ValueError):
    """The project cannot be written where asked."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init",
        help="start a council's project folder: data, params, notebooks and a README",
        description="Write DIR/data (the fictional sample council, or empty templates to fill "
        "in), DIR/params/monthly.yaml, a copy of the report notebooks and a README with the "
        "monthly routine. DIR must be empty or not exist. Then, in DIR: pmaf run.",
    )
    parser.add_argument("dir", type=Path, metavar="DIR")
    parser.add_argument(
        "--data",
        choices=("sample", "empty"),
        default="sample",
        help="sample: the fictional Borough of Ashdown (runs straight away; default); "
        "empty: the same files with headers only, to fill in",
    )
    parser.set_defaults(func=_run)


def _empty_yaml(source: Path, target: Path) -> None:
    """The sample's YAML with every list emptied: the keys a council fills in."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))

    def empty(node: object) -> object:
        if isinstance(node, dict):
            return {k: empty(v) for k, v in node.items()}
        return [] if isinstance(node, list) else node

    note = f"# {source.name}: fill in for your council (pmaf docs/data-format.md)\n"
    text = yaml.safe_dump(empty(data), sort_keys=False, allow_unicode=True)
    target.write_text(note + text, encoding="utf-8")


def _empty_templates(sample: Path, data: Path) -> None:
    """Header rows of every sample CSV (one returns template) and emptied YAML files."""
    (data / "returns").mkdir(parents=True)
    for path in sorted(sample.glob("*.csv")):
        header = path.read_text(encoding="utf-8").splitlines()[0]
        (data / path.name).write_text(header + "\n", encoding="utf-8")
    first_return = sorted((sample / "returns").glob("*.csv"))[0]
    header = first_return.read_text(encoding="utf-8-sig").splitlines()[0]
    (data / "returns" / "returns-template.csv").write_text(header + "\n", encoding="utf-8")
    for path in sorted(sample.glob("*.yaml")):
        _empty_yaml(path, data / path.name)


def _write_data(data: Path, kind: str) -> str:
    if kind == "sample":
        generate(data, seed=SAMPLE_SEED)
        return "the fictional sample council, Borough of Ashdown: replace it with your own"
    with tempfile.TemporaryDirectory() as scratch:
        generate(Path(scratch), seed=SAMPLE_SEED)
        _empty_templates(Path(scratch), data)
    return "empty templates with their column headers: fill them in"


def init_project(folder: Path, data_kind: str = "sample") -> list[Path]:
    """Write the project into ``folder`` (empty or new); the paths written, top level."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"{folder}: not an empty folder; choose a new or empty one")
    folder.mkdir(parents=True, exist_ok=True)
    data_note = _write_data(folder / "data", data_kind)
    params = folder / project.PARAMS_FILE
    params.parent.mkdir()
    shutil.copyfile(project.bundled_params(), params)
    notebooks = folder / project.NOTEBOOKS
    notebooks.mkdir()
    for source in sorted(project.bundled_notebooks().glob("*.ipynb")):
        shutil.copyfile(source, notebooks / source.name)
    readme = README_TEMPLATE.read_text(encoding="utf-8").format(
        title=folder.resolve().name, version=metadata.version("pmaf"), data_note=data_note
    )
    (folder / "README.md").write_text(readme, encoding="utf-8")
    (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return sorted(folder.iterdir())


def _run(args: argparse.Namespace) -> int:
    written = init_project(args.dir, args.data)
    print(f"wrote {args.dir}: " + ", ".join(p.name for p in written))
    print(f"next: cd {args.dir} && pmaf validate && pmaf run --period latest")
    return 0
