"""Every kind of report builds from a real ReportRun, through the service the task calls."""

import pytest

from commissioning.reports import services
from commissioning.reports.choices import ReportKind, ReportScope, RunStatus
from commissioning.reports.models import ReportRun

from .conftest import stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

EXTENSIONS = {
    ReportKind.SAVINGS_SUMMARY: ".pdf",
    ReportKind.BENCHMARKING: ".xlsx",
    ReportKind.BENCHMARKING_CSV: ".csv",
    ReportKind.DPS_ACTIVITY: ".xlsx",
    ReportKind.PLACEMENTS_EXTRACT: ".csv",
    ReportKind.OCDS: ".json",
    ReportKind.PAYMENTS_COMPLIANCE: ".csv",
    ReportKind.PAYMENTS_OVER_30000: ".csv",
    ReportKind.PLACEMENTS_STANDARD: ".json",
    ReportKind.PLACEMENTS_STANDARD_CSV: ".csv",
}


@pytest.mark.parametrize("kind", ReportKind.values)
@pytest.mark.parametrize("scope", ReportScope.values)
def test_every_kind_of_report_builds_for_every_scope(
    kind, scope, make_run, report_files, placement, croydon
):
    send = croydon.strands.get(kind="send")
    run = make_run(
        kind=kind,
        scope=scope,
        strand=send if scope == ReportScope.STRAND else None,
        borough=croydon if scope == ReportScope.BOROUGH else None,
    )
    services.report_run_execute(run.pk)
    run = ReportRun.objects.get(pk=run.pk)
    assert run.status == RunStatus.DONE, run.error
    assert run.filename.endswith(EXTENSIONS[kind])
    assert run.size > 0
    assert stored_files(run) == [run.file.name]
