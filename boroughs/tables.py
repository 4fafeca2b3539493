"""A CSV download beside every table of figures.

A page that shows tables of figures lists them as `Table`s (`DownloadableTablesMixin.tables`):
each has a name, a title and the rows the page shows. `?download=<name>` (with the page's own
filters kept) answers that table as CSV, built from the same context as the page, so the
download always matches what is on the screen and obeys the same rule of who may see it. The
template puts `{% include "includes/_table_download.html" with table=... %}` after a table.
Cells go through `boroughs.spreadsheets.csv_writer`, which keeps text from running as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone

from .spreadsheets import csv_writer


@dataclass(frozen=True)
class Table:
    name: str  # the download's name in the address and the file name: "by-borough"
    title: str  # what the link says it downloads
    columns: Sequence[str]
    rows: Iterable[Sequence[Any]]  # a generator for a long table: only a download iterates it


class DownloadableTablesMixin:
    """For TemplateViews: `tables(context)` names the page's tables; each gets a download link
    (`context["downloads"][name]`, with underscores for hyphens so templates can name it) and `?download=name` answers its CSV."""

    download_prefix = "figures"  # the file name's start: "savings-by-borough-2026-12-07.csv"

    def tables(self, context: dict) -> list[Table]:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        name = request.GET.get("download")
        if name is None:
            return super().get(request, *args, **kwargs)
        context = self.get_context_data(**kwargs)
        table = next((table for table in self.tables(context) if table.name == name), None)
        if table is None:
            raise Http404("No such table on this page")
        return csv_response(table, f"{self.download_prefix}-{table.name}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "download" not in self.request.GET:
            query = self.request.GET.copy()
            context["downloads"] = {}
            for table in self.tables(context):
                query["download"] = table.name
                context["downloads"][table.name.replace("-", "_")] = {
                    "url": f"?{query.urlencode()}",
                    "title": table.title,
                }
        return context


def csv_response(table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    today = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{filename}-{today}.csv"'
    writer = csv_writer(response)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return response
