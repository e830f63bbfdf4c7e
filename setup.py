"""Build hook (metadata is in pyproject.toml): the wheel ships the repository's ``notebooks/``
and ``params/`` as package data in ``pmaf_lib/bundled``.

The repository keeps one copy of each notebook and of the default parameters, at the top level
where analysts open them; copying at build time means the installed package can never carry a
different version (see ``pmaf_lib.project``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = {"notebooks": "*.ipynb", "params": "*.yaml"}


class BuildPyWithBundled(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's folders directly
        for folder, pattern in BUNDLED.items():
            target = Path(self.build_lib, "pmaf_lib", "bundled", folder)
            target.mkdir(parents=True, exist_ok=True)
            for source in sorted((ROOT / folder).glob(pattern)):
                shutil.copyfile(source, target / source.name)


setup(cmdclass={"build_py": BuildPyWithBundled})
