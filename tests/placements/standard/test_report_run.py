"""The export as a report run (Celery, with progress): the scope's care referrals raised in the
period, JSON validated against the derived schema and CSV under the standard's names."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from commissioning.reports import services
from commissioning.reports.choices import ReportKind, ReportScope, RunStatus
from commissioning.reports.models import ReportRun
from placements.standard import schema
from placements.standard.pseudonyms import child_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_of(settings, tmp_path, consortium, croydon, lead_analyst):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    today = timezone.localdate()

    def run(kind, scope=ReportScope.CONSORTIUM, **fields) -> ReportRun:
        made = ReportRun.objects.create(
            kind=kind,
            scope=scope,
            consortium=consortium,
            requested_by=lead_analyst,
            period_start=today - timedelta(days=365),
            period_end=today,
            **fields,
        )
        services.report_run_execute(made.pk)
        return ReportRun.objects.get(pk=made.pk)

    return run


def test_the_consortium_report_is_the_validated_export(run_of, care_placement):
    run = run_of(ReportKind.PLACEMENTS_STANDARD)
    assert run.status == RunStatus.DONE, run.error
    document = json.loads(run.file.read())
    assert schema.problems(document) == []
    [record] = document["records"]
    assert record["PlacementAvailability"]["childId"] == child_id(care_placement.child)
    assert record["ActualPlacement"]["providerURN"] == "SC123456"


def test_the_csv_report_and_another_boroughs_report(run_of, bromley, care_placement):
    csv_run = run_of(ReportKind.PLACEMENTS_STANDARD_CSV)
    assert csv_run.status == RunStatus.DONE, csv_run.error
    lines = csv_run.file.read().decode().splitlines()
    assert lines[0].startswith("childId,neededBy,") and len(lines) == 2
    bromley_run = run_of(ReportKind.PLACEMENTS_STANDARD, scope=ReportScope.BOROUGH, borough=bromley)
    assert json.loads(bromley_run.file.read())["records"] == []
