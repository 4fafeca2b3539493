"""Retention: the daily job anonymises exactly the records past the cut-off, atomically and once;
the dry run changes nothing; every figure the consortium reports is the same afterwards."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils import timezone

from commissioning.dataprotection import retention, services
from commissioning.dataprotection.inventory import HELD, SCRUBBED
from commissioning.dataprotection.models import RetentionRun, SubjectAccessExport
from commissioning.dataprotection.tasks import anonymise_due_children
from kernel.errors import InvalidTransition
from outcomes.selectors.benchmarks import benchmark_table
from placements import services as placement_services
from placements.models import Child, Placement, PlacementRequest
from placements.selectors import SAVINGS_GROUPS, placement_cost_to_date, savings_totals

from ..placements.fixtures import request_fields
from .fixtures import WRITTEN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

TODAY = date(2031, 6, 15)  # six years after the placements below end: the default period
LONG_AGO = timezone.make_aware(timezone.datetime(2020, 1, 10, 9, 0))


def age(*children: Child) -> None:
    """As if the records had been made in January 2020."""
    Child.objects.filter(pk__in=[c.pk for c in children]).update(created_at=LONG_AGO)
    PlacementRequest.objects.filter(child__in=children).update(created_at=LONG_AGO)


def end_placement(placement: Placement, on: date, actor) -> None:
    placement_services.placement_end(actor=actor, placement=placement, ends_on=on, reason="E8")


@pytest.fixture
def ended_long_ago(full_history, alice):
    """Sam: placed in September 2024, left on 15 June 2025, exactly six years before TODAY."""
    end_placement(Placement.objects.get(child=full_history), date(2025, 6, 15), alice)
    age(full_history)
    PlacementRequest.objects.filter(child=full_history).update(decided_at=LONG_AGO)
    return Child.objects.get(pk=full_history.pk)


def a_child(alice, reference: str, **fields) -> Child:
    return placement_services.child_save(
        actor=alice,
        reference=reference,
        name=f"Child {reference}",
        date_of_birth=date(2012, 11, 5),
        sex="F",
        home_postcode="CR0 1AA",
        primary_need="SEMH",
        secondary_needs=[],
        **fields,
    )


@pytest.fixture
def never_placed(alice, send_day_lot, home_postcode):
    """A request cancelled in 2024: seven years before TODAY."""
    child = a_child(alice, "CR-0501")
    request = placement_services.request_create(
        actor=alice, child=child, **request_fields(send_day_lot, risks="Runs from school")
    )
    placement_services.request_cancel(actor=alice, placement_request=request, reason="Moved away")
    age(child)
    PlacementRequest.objects.filter(pk=request.pk).update(
        decided_at=timezone.make_aware(timezone.datetime(2024, 5, 1, 12, 0))
    )
    return child


@pytest.fixture
def kept(alice, send_day_lot, home_postcode):
    """Records the job must leave: a request decided a day inside the period, a live draft
    beside an old cancelled request, and a record made recently with nothing on it."""
    inside = a_child(alice, "CR-0601")
    decided = placement_services.request_create(
        actor=alice, child=inside, **request_fields(send_day_lot)
    )
    placement_services.request_cancel(actor=alice, placement_request=decided, reason="Family moved")
    drafting = a_child(alice, "CR-0602")
    old = placement_services.request_create(
        actor=alice, child=drafting, **request_fields(send_day_lot)
    )
    placement_services.request_cancel(actor=alice, placement_request=old, reason="Not needed")
    placement_services.request_create(actor=alice, child=drafting, **request_fields(send_day_lot))
    recent = a_child(alice, "CR-0603")
    age(inside, drafting)
    PlacementRequest.objects.filter(child__in=[inside, drafting]).update(decided_at=LONG_AGO)
    PlacementRequest.objects.filter(pk=decided.pk).update(
        decided_at=timezone.make_aware(timezone.datetime(2025, 6, 16, 10, 0))
    )
    Child.objects.filter(pk=recent.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2026, 1, 5, 10, 0))
    )
    return [inside, drafting, recent]


def snapshot(children) -> dict:
    """Every field of every row held about the children, to compare before and after."""
    rows: dict = {}
    for child in children:
        rows[("child", child.pk)] = model_to_dict(Child.objects.get(pk=child.pk))
        for held in HELD:
            for row in held.rows_of(child.pk).order_by("pk"):
                rows[(held.model.__name__, row.pk)] = _fields(row)
    return rows


def _fields(row: Model) -> dict:
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields}


def figures(actor) -> dict:
    """Every total the dashboards and reports show, recomputed from the database."""
    cache.clear()
    totals = {by: savings_totals(actor=actor, by=by, on=TODAY) for by in SAVINGS_GROUPS}
    costs = {p.pk: placement_cost_to_date(p, on=TODAY) for p in Placement.objects.order_by("pk")}
    return {
        "savings": totals,
        "costs": costs,
        "benchmarks": benchmark_table(consortium_id=actor.consortium_id),
    }


def run_command(*args) -> str:
    out = StringIO()
    call_command("anonymise_children", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def on_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def test_the_dry_run_counts_the_records_due_and_changes_nothing(
    ended_long_ago, never_placed, kept, on_today
):
    before = snapshot([ended_long_ago, never_placed, *kept])
    out = run_command("--dry-run")
    assert out.strip() == (
        "Would anonymise 2 child records: nothing after 15 June 2025 (6 years). "
        "Dry run: nothing changed."
    )
    assert snapshot([ended_long_ago, never_placed, *kept]) == before
    assert not RetentionRun.objects.exists()


def test_the_run_anonymises_exactly_the_records_past_the_cut_off(
    ended_long_ago, never_placed, kept, on_today
):
    untouched = snapshot(kept)
    old_public_id = ended_long_ago.public_id
    out = run_command()
    assert "Anonymised 2 of 2 child records with nothing after 15 June 2025" in out

    sam = Child.objects.get(pk=ended_long_ago.pk)
    assert (sam.reference, sam.name, sam.home_postcode) == (f"ANON-{sam.pk}", "", "")
    assert sam.date_of_birth == date(2015, 9, 1)  # born March 2016: the 2015/16 cohort
    assert (sam.ehcp_issued_on, sam.ehcp_next_review_on) == (None, None)
    assert sam.anonymised_on == TODAY and sam.public_id != old_public_id
    assert (sam.primary_need, sam.sex, sam.secondary_needs) == ("ASD", "M", ["SLCN"])
    assert Child.objects.get(pk=never_placed.pk).anonymised_on == TODAY
    assert snapshot(kept) == untouched

    for child in (ended_long_ago, never_placed):
        for held in HELD:
            for name in held.scrub:
                left = set(held.rows_of(child.pk).values_list(name, flat=True))
                assert left <= {SCRUBBED, ""}, (held.model.__name__, name, left)
    request = PlacementRequest.objects.get(child=ended_long_ago)
    assert request.not_met_reasons == ["needs_exceed_mainstream", "no_local_place"]
    assert request.needs_summary == SCRUBBED and request.additional_support == ""


def test_no_word_written_about_the_child_survives(ended_long_ago, on_today):
    run_command()
    text = str(snapshot([ended_long_ago]))
    for word in (*WRITTEN.values(), "Sam Example", "CR-0042", "CR0 1AA", "Nearest, Good Ofsted"):
        assert word not in text


def test_the_figures_reconcile_to_the_penny(
    ended_long_ago, never_placed, kept, alice, lead_analyst, on_today
):
    before = {who.pk: figures(who) for who in (alice, lead_analyst)}
    year_before = Child.objects.get(pk=ended_long_ago.pk).national_curriculum_year
    run_command()
    assert {who.pk: figures(who) for who in (alice, lead_analyst)} == before
    assert before[alice.pk]["savings"]["consortium"][0]["placements"] == 1
    assert Child.objects.get(pk=ended_long_ago.pk).national_curriculum_year == year_before


def test_each_run_is_logged_with_its_cut_off_and_count(
    ended_long_ago, never_placed, kept, on_today
):
    run_command()
    run = RetentionRun.objects.get()
    assert (run.trigger, run.retention_years, run.cut_off) == ("command", 6, date(2025, 6, 15))
    assert (run.due, run.anonymised) == (2, 2)
    assert run.finished_at is not None


def test_running_again_changes_nothing_more(ended_long_ago, never_placed, kept, on_today):
    run_command()
    after_first = snapshot([ended_long_ago, never_placed, *kept])
    assert "Anonymised 0 of 0" in run_command()
    assert snapshot([ended_long_ago, never_placed, *kept]) == after_first
    assert list(RetentionRun.objects.order_by("pk").values_list("anonymised", flat=True)) == [2, 0]


def test_the_period_is_a_setting(ended_long_ago, never_placed, on_today, settings):
    settings.CHILD_RECORD_RETENTION_YEARS = 7
    assert "Would anonymise 1 child record: nothing after 15 June 2024 (7 years)" in run_command(
        "--dry-run"
    )


def test_a_placement_ending_the_day_after_the_cut_off_keeps_the_record(
    ended_long_ago, alice, on_today
):
    Placement.objects.filter(child=ended_long_ago).update(ends_on=date(2025, 6, 16))
    assert "Would anonymise 0 child records" in run_command("--dry-run")


def test_a_request_raised_meanwhile_keeps_the_record(ended_long_ago, alice, send_day_lot, on_today):
    due = list(retention.children_due(cut_off=date(2025, 6, 15)))
    placement_services.request_create(
        actor=alice, child=ended_long_ago, **request_fields(send_day_lot)
    )
    done = retention.child_anonymise(child_id=due[0].pk, cut_off=date(2025, 6, 15), today=TODAY)
    assert done is False and Child.objects.get(pk=ended_long_ago.pk).anonymised_on is None


def test_the_daily_job_is_scheduled_and_logged_as_such(ended_long_ago, on_today):
    schedule = settings.CELERY_BEAT_SCHEDULE["anonymise-due-children"]
    assert schedule["task"] == "commissioning.dataprotection.tasks.anonymise_due_children"
    assert anonymise_due_children.delay().get() == 1
    assert RetentionRun.objects.get().trigger == "schedule"


def test_an_anonymised_record_is_read_only(
    ended_long_ago, alice, send_day_lot, client_for, on_today
):
    run_command()
    sam = Child.objects.get(pk=ended_long_ago.pk)
    with pytest.raises(InvalidTransition):
        placement_services.child_save(actor=alice, child=sam, name="Sam Again")
    with pytest.raises(InvalidTransition):
        placement_services.request_create(actor=alice, child=sam, **request_fields(send_day_lot))
    page = client_for(alice).get(f"/placements/children/{sam.public_id}/").content.decode()
    assert f"This record was anonymised on {TODAY.day} June 2031" in page
    assert "Change the record" not in page and "Raise a placement request" not in page


def test_anonymising_deletes_the_childs_exports_and_old_exports_expire(
    ended_long_ago,
    kept,
    alice,
    export_files,
    monkeypatch,
    on_today,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(services, "write_pdf", lambda document, path: path.write_bytes(b"%PDF"))
    sams = services.subject_access_request(actor=alice, child=ended_long_ago)
    services.subject_access_execute(sams.pk)
    recent = kept[2]
    fresh = services.subject_access_request(actor=alice, child=recent)
    services.subject_access_execute(fresh.pk)
    old = services.subject_access_request(actor=alice, child=kept[0])
    services.subject_access_execute(old.pk)
    SubjectAccessExport.objects.filter(pk=old.pk).update(
        requested_at=timezone.now() - timedelta(days=settings.SUBJECT_ACCESS_EXPORT_KEEP_DAYS + 1)
    )
    assert len(list((export_files / "subject-access").iterdir())) == 3

    with django_capture_on_commit_callbacks(execute=True):
        run_command()

    left = {p.name for p in (export_files / "subject-access").iterdir() if any(p.iterdir())}
    assert left == {str(fresh.public_id)}
    assert RetentionRun.objects.get().exports_deleted == 2
    for gone in (sams, old):
        gone.refresh_from_db()
        assert gone.files_deleted_at is not None and not gone.json_file


def test_a_retention_period_under_a_year_stops_the_portal_starting():
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], "DEBUG": "true", "CHILD_RECORD_RETENTION_YEARS": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "CHILD_RECORD_RETENTION_YEARS and SUBJECT_ACCESS_EXPORT_KEEP_DAYS" in result.stderr


def test_the_audit_trail_keeps_no_earlier_version_of_an_anonymised_record(ended_long_ago, on_today):
    assert Child.history.filter(id=ended_long_ago.pk, name="Sam Example").exists()
    run_command()
    versions = Child.history.filter(id=ended_long_ago.pk)
    assert not versions.filter(name="Sam Example").exists()
    assert not versions.filter(home_postcode="CR0 1AA").exists()
    assert [v.history_change_reason for v in versions] == [retention.HISTORY_ANONYMISED]
