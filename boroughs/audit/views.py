"""The change history page and its CSV: consortium admins only (403 for everyone else).

Both read through `selectors.change_list`, so they list the same rows for the same filters;
reading entries about children writes their access log (placements registers the hook).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from kernel.pagination import paginate

from ..spreadsheets import csv_writer
from .forms import ChangeFilterForm
from .selectors import (
    PAGE_SIZE,
    ChangeEntry,
    can_read_changes,
    change_entries,
    change_list,
    changed_record_ids,
)
from .services import changes_read, records_read

CSV_COLUMNS = (
    "Changed at",
    "Changed by",
    "Email address",
    "Made by (no user)",
    "Kind of record",
    "Record",
    "Action",
    "Field",
    "From",
    "To",
)
EXPORT_BATCH = 500
MSG_CONSORTIUM_ADMINS_ONLY = "Only consortium admins can read the change history"


class ConsortiumAdminMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_read_changes(request.user):
            raise PermissionDenied(MSG_CONSORTIUM_ADMINS_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def filter_form(self) -> ChangeFilterForm:
        return ChangeFilterForm(self.request.GET or None)


class ChangeHistoryView(ConsortiumAdminMixin, TemplateView):
    """Changes to the consortium's records, newest first, 25 to a page, with from and to."""

    template_name = "boroughs/change_history.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = self.filter_form()
        filters = form.filters()
        if form.is_bound and not form.is_valid():
            return super().get_context_data(form=form, entries=[], page=None, **kwargs)
        page = paginate(self.request, change_list(actor=user, filters=filters), PAGE_SIZE)
        entries = change_entries(actor=user, rows=list(page.object_list))
        changes_read(actor=user, entries=entries, what="change history")
        return super().get_context_data(
            form=form,
            entries=entries,
            page=page,
            export_url=reverse("change_history_export") + export_query(filters),
            **kwargs,
        )


def export_query(filters) -> str:
    pairs = {}
    if filters.kind:
        pairs["kind"] = filters.kind.key
    for name, day in (("changed_from", filters.since), ("changed_to", filters.until)):
        if day:
            pairs.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})
    return f"?{urlencode(pairs)}" if pairs else ""


class ChangeExportView(ConsortiumAdminMixin, View):
    """The filtered list as CSV: one line per changed field, streamed in batches."""

    def get(self, request, *args, **kwargs):
        form = self.filter_form()
        if form.is_bound and not form.is_valid():
            return redirect(reverse("change_history") + "?" + request.GET.urlencode())
        filters = form.filters()
        # Logged before the file is written, in one write: a download cut short still counts.
        records_read(
            actor=request.user,
            records=changed_record_ids(actor=request.user, filters=filters),
            what="change history export",
        )
        rows = change_list(actor=request.user, filters=filters)
        response = StreamingHttpResponse(
            csv_lines(request.user, rows.iterator(chunk_size=EXPORT_BATCH)),
            content_type="text/csv; charset=utf-8",
        )
        today = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="change-history-{today}.csv"'
        return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(actor, rows: Iterator) -> Iterator[str]:
    writer = csv_writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    while batch := list(islice(rows, EXPORT_BATCH)):
        for entry in change_entries(actor=actor, rows=batch):
            for line in csv_rows(entry):
                yield writer.writerow(line)


def csv_rows(entry: ChangeEntry) -> list[list[str]]:
    user = entry.user
    start = [
        timezone.localtime(entry.at).isoformat(timespec="seconds"),
        str(user) if user else "",
        user.email if user else "",
        entry.reason if not user else "",
        entry.kind.label,
        entry.record,
        entry.action,
    ]
    if not entry.changes:
        return [[*start, "", "", ""]]
    return [[*start, change.field, change.before, change.after] for change in entry.changes]


urlpatterns = [
    path("consortium/changes/", ChangeHistoryView.as_view(), name="change_history"),
    path("consortium/changes/export/", ChangeExportView.as_view(), name="change_history_export"),
]
