"""Asking for a report: who may ask for what, and what asking does."""

from datetime import date

import pytest

from boroughs.models import Strand
from commissioning.reports import services
from commissioning.reports.choices import ReportKind, ReportScope, RunStatus
from commissioning.reports.models import ReportRun
from kernel.errors import DomainError, NotAllowed

from .conftest import PERIOD, stored_files

pytestmark = pytest.mark.django_db


def ask(actor, **fields):
    values = {"kind": ReportKind.SAVINGS_SUMMARY, "scope": ReportScope.CONSORTIUM, **PERIOD}
    return services.report_run_request(actor=actor, **{**values, **fields})


def test_a_lead_analyst_asks_for_a_consortium_report_and_it_is_queued(lead_analyst, consortium):
    run = ask(lead_analyst)
    assert run.status == RunStatus.QUEUED
    assert run.consortium == consortium
    assert run.requested_by == lead_analyst
    assert run.scope_label() == "South London Commissioning Programme"
    assert len(run.scope_borough_ids()) == 12


def test_a_lead_analyst_asks_for_a_strand_report(lead_analyst):
    send = Strand.objects.get(kind="send")
    run = ask(lead_analyst, scope=ReportScope.STRAND, strand=send)
    assert run.scope_label() == "SEND strand"
    assert len(run.scope_borough_ids()) == 10


def test_a_lead_analyst_asks_for_another_boroughs_report(lead_analyst, bromley):
    run = ask(lead_analyst, scope=ReportScope.BOROUGH, borough=bromley)
    assert run.scope_label() == "Bromley"
    assert run.scope_borough_ids() == [bromley.pk]


def test_a_borough_analyst_asks_for_their_own_boroughs_report(bromley_analyst, bromley):
    run = ask(bromley_analyst, scope=ReportScope.BOROUGH, borough=bromley)
    assert run.borough == bromley


def test_a_borough_analyst_cannot_ask_for_the_whole_consortium(bromley_analyst):
    with pytest.raises(NotAllowed) as refused:
        ask(bromley_analyst)
    assert (refused.value.message, refused.value.field) == (services.MSG_OWN_BOROUGH_ONLY, "scope")


def test_a_borough_analyst_cannot_ask_for_a_strand(bromley_analyst):
    with pytest.raises(NotAllowed):
        ask(bromley_analyst, scope=ReportScope.STRAND, strand=Strand.objects.get(kind="send"))


def test_a_borough_analyst_cannot_ask_for_another_borough(bromley_analyst, croydon):
    with pytest.raises(NotAllowed) as refused:
        ask(bromley_analyst, scope=ReportScope.BOROUGH, borough=croydon)
    assert refused.value.field == "borough"
    assert not ReportRun.objects.exists()


@pytest.mark.parametrize("who", ["alice", "admin_user", "pat"])
def test_commissioners_admins_and_providers_cannot_ask_for_reports(who, request):
    with pytest.raises(NotAllowed) as refused:
        ask(request.getfixturevalue(who))
    assert refused.value.message == services.MSG_NOT_ANALYST


def test_a_strand_report_needs_a_strand(lead_analyst):
    with pytest.raises(DomainError) as refused:
        ask(lead_analyst, scope=ReportScope.STRAND)
    assert (refused.value.message, refused.value.field) == (services.MSG_CHOOSE_STRAND, "strand")


def test_a_borough_report_needs_a_borough(lead_analyst):
    with pytest.raises(DomainError) as refused:
        ask(lead_analyst, scope=ReportScope.BOROUGH)
    assert refused.value.field == "borough"


def test_the_period_cannot_end_before_it_starts(lead_analyst):
    with pytest.raises(DomainError) as refused:
        ask(lead_analyst, period_start=date(2026, 10, 31), period_end=date(2026, 10, 1))
    assert (refused.value.message, refused.value.field) == (services.MSG_PERIOD_ORDER, "period_end")


def test_an_unknown_kind_is_refused_at_its_field(lead_analyst):
    with pytest.raises(DomainError) as refused:
        ask(lead_analyst, kind="horoscope")
    assert refused.value.field == "kind"


def test_a_consortium_run_ignores_a_stray_borough(lead_analyst, bromley):
    run = ask(lead_analyst, borough=bromley)
    assert run.borough is None


def test_the_report_is_built_once_the_request_is_committed(
    lead_analyst, fake_builder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        run = ask(lead_analyst)
    assert fake_builder.calls == 0  # nothing is sent to the workers before the commit
    for callback in queued:
        callback()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.attempts == 1
    assert run.filename == "fake-report.txt"
    assert stored_files(run) == [run.file.name]
    assert run.file.name == f"reports/{run.public_id}/fake-report.txt"
