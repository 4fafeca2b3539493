"""Report builders: one per report kind, each writing one file for a ReportRun.

The contract the report-run task codes against:

    BUILDERS[run.kind].build(run=run, path=path, progress=progress) -> BuildResult

A builder writes the file at ``path`` and calls ``progress(percent, message)`` as it goes.
It reads only ``run.kind``, ``run.scope``, ``run.consortium``/``consortium_id``,
``run.strand_id``, ``run.borough_id``, ``run.period_start``/``period_end``,
``run.requested_at``, ``run.requested_by``, ``run.scope_borough_ids()`` and
``run.scope_label()``. Importing this package does no database work: the builder
modules are imported on first use.
"""

from __future__ import annotations

import importlib
import pathlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class BuildResult:
    """What a builder produced: the download's file name and its MIME type."""

    filename: str
    content_type: str


class Builder(Protocol):
    """Anything with a ``build`` that writes a report file and says what it wrote."""

    def build(self, *, run: Any, path: pathlib.Path, progress: Progress) -> BuildResult: ...


class _Lazy:
    """A builder whose module is imported only when the builder is first used."""

    def __init__(self, module: str, attr: str) -> None:
        self.module = module
        self.attr = attr

    def build(self, *, run: Any, path: pathlib.Path, progress: Progress) -> BuildResult:
        target = getattr(importlib.import_module(f"{__name__}.{self.module}"), self.attr)
        return target.build(run=run, path=path, progress=progress)

    def __repr__(self) -> str:
        return f"<builder {self.module}.{self.attr}>"


BUILDERS: dict[str, Builder] = {
    "savings_summary": _Lazy("savings", "savings_summary"),
    "benchmarking": _Lazy("benchmarking", "benchmarking_xlsx"),
    "benchmarking_csv": _Lazy("benchmarking", "benchmarking_csv"),
    "dps_activity": _Lazy("dps_activity", "dps_activity"),
    "placements_extract": _Lazy("placements_extract", "placements_extract"),
    "ocds": _Lazy("ocds", "ocds"),
    "payments_compliance": _Lazy("payments", "payments_compliance"),
    "payments_over_30000": _Lazy("payments", "payments_over_30000"),
    "placements_standard": _Lazy("placements_standard", "placements_standard"),
    "placements_standard_csv": _Lazy("placements_standard", "placements_standard_csv"),
}

__all__ = ["BUILDERS", "BuildResult", "Builder", "Progress"]
