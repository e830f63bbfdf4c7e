"""The monthly run: params, papermill pool, atomic output tree, manifest, index."""

from pmaf_lib.render.lean_imports import skip_slow_format_checks

skip_slow_format_checks()
