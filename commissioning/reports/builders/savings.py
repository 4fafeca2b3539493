"""The savings summary: an A4 PDF (WeasyPrint) with a one-page summary, then the detail.

Figures come from `savings_figures` (the dashboard's sums over the report's scope and period);
the layout is `templates/reports/pdf/savings_summary.html` with inline SVG charts drawn by
`placements.charts.bar_chart`, the geometry the dashboards use.
"""

from __future__ import annotations

import logging
import pathlib
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from boroughs.models import Borough
from placements.charts import bar_chart
from placements.templatetags.money import pounds

from . import BuildResult, Progress
from .base import (
    SCOPE_BOROUGH,
    SCOPE_STRAND,
    filename,
    long_date,
    period_label,
    produced_on,
)
from .savings_figures import SavingsFigures, savings_figures

TEMPLATE = "reports/pdf/savings_summary.html"
PDF = "application/pdf"


def _chart(rows: list[dict], title: str):
    return bar_chart(
        [(row["label"], row["saving_vs_ceiling"]) for row in rows],
        title=title,
        description=", ".join(
            f"{row['label']}: {pounds(row['saving_vs_ceiling'])}" for row in rows
        ),
        format_value=pounds,
    )


def scope_description(run: Any) -> str:
    names = list(
        Borough.objects.filter(pk__in=run.scope_borough_ids())
        .order_by("name")
        .values_list("name", flat=True)
    )
    if run.scope == SCOPE_BOROUGH:
        return f"{run.scope_label()}, a member of {run.consortium.name}"
    members = f"{len(names)} member boroughs: {', '.join(names)}"
    if run.scope == SCOPE_STRAND:
        return f"{run.scope_label()}: {members}"
    return f"The whole consortium, {members}"


def context(run: Any, figures: SavingsFigures) -> dict:
    produced = produced_on(run)
    return {
        "consortium": run.consortium,
        "scope_label": run.scope_label(),
        "scope_description": scope_description(run),
        "period": period_label(run),
        "produced": long_date(produced),
        "produced_iso": produced.isoformat(),
        "totals": figures.totals,
        "by": figures.by,
        "accreditation": figures.accreditation,
        "fees": figures.fees,
        "exceptions": figures.exceptions,
        "exceptions_annual": figures.exceptions_annual,
        "spend": figures.spend,
        "spend_total": figures.spend_total,
        "year_chart": _chart(
            figures.by["year"], "Annual saving against DPS ceiling rates, by financial year"
        ),
        "borough_chart": _chart(
            figures.by["borough"], "Annual saving against DPS ceiling rates, by borough"
        ),
    }


def render_html(run: Any, figures: SavingsFigures) -> str:
    return render_to_string(TEMPLATE, context(run, figures))


class SavingsSummaryBuilder:
    """Kind `savings_summary`."""

    def build(self, *, run: Any, path: pathlib.Path, progress: Progress) -> BuildResult:
        from weasyprint import HTML  # heavy: loaded by the worker that builds a PDF only

        # WeasyPrint logs each layout step at INFO: twenty lines a report in the worker's log.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

        figures = savings_figures(run, progress)
        progress(75, "Laying out the PDF")
        html = render_html(run, figures)
        # PDF/UA-1: tagged, with the document's language and title, for screen readers.
        HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
            target=str(path), pdf_variant="pdf/ua-1"
        )
        progress(100, "Savings summary ready")
        return BuildResult(filename=filename(run, "savings-summary", "pdf"), content_type=PDF)


savings_summary = SavingsSummaryBuilder()
