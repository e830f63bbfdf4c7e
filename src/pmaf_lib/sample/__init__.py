"""The deterministic, scalable sample-council generator (``pmaf sample``).

``generate(out_dir, seed=2026, scale=1.0)`` writes a complete data folder for the fictional
Borough of Ashdown in the format of ``docs/data-format.md``.
"""

from pmaf_lib.sample.generator import SampleSummary, generate

__all__ = ["SampleSummary", "generate"]
