"""The subject access export: everything held about one child, as JSON and as a PDF, and nothing
about anyone else's child; asking and each download written to the child's access log."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.dataprotection import services
from commissioning.dataprotection.choices import ExportStatus
from commissioning.dataprotection.inventory import HELD
from commissioning.dataprotection.models import SubjectAccessExport
from placements.models import ChildAccessLog

from .fixtures import OTHER_CHILD, WRITTEN

pytestmark = pytest.mark.django_db


def stub_pdf(document, path) -> None:
    path.write_bytes(b"%PDF-1.7 stand-in\n")


@pytest.fixture
def no_pdf(monkeypatch):
    """Tests of the JSON and the machinery skip WeasyPrint (seconds a PDF); one test reads a real
    PDF back."""
    monkeypatch.setattr(services, "write_pdf", stub_pdf)


def built(actor, child) -> SubjectAccessExport:
    export = services.subject_access_request(actor=actor, child=child)
    services.subject_access_execute(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    return export


def json_of(export) -> dict:
    with export.json_file.open("rb") as opened:
        return json.loads(opened.read())


def test_the_json_holds_every_kind_of_row_about_the_child(
    alice, full_history, other_child, export_files, no_pdf
):
    data = json_of(built(alice, full_history))

    record = data["child"]
    assert (record["reference"], record["name"]) == ("CR-0042", "Sam Example")
    assert (record["date_of_birth"], record["home_postcode"]) == ("2016-03-14", "CR0 1AA")
    assert data["about"]["controller"] == "Croydon"

    [request] = data["placement_requests"]
    assert request["not_met_reasons"] == [
        "Needs cannot be met in mainstream, even with additional support",
        "No suitable place in the borough's own provision",
    ]
    assert request["not_met_explanation"] == WRITTEN["not_met_explanation"]
    assert [e["to_status"] for e in request["events"]] == [
        "Open for offers",
        "Evaluating offers",
        "Awarded",
    ]
    invitations = {i["provider"]: i for i in request["invitations"]}
    assert set(invitations) == {"Bright Futures Education Limited", "Other Schools Limited"}
    near = invitations["Bright Futures Education Limited"]
    [shown] = near["shared_with_provider"]
    assert (shown["postcode_district"], shown["distance_band"]) == ("CR0", "under 5 miles")
    assert shown["needs_summary"] == "Autistic; needs a small class and a predictable routine."
    assert "name" not in shown and "date_of_birth" not in shown
    assert near["offer"][0]["weekly_fee"] == "1520.00"
    assert near["questions"][0]["question"] == WRITTEN["question"]
    assert near["questions"][0]["answer"] == WRITTEN["answer"]
    assert [e["to_status"] for e in near["events"]] == ["Offered", "Awarded"]

    [placement] = data["placements"]
    assert [f["weekly_fee"] for f in placement["fee_changes"]] == ["1520.00", "1580.00"]
    assert placement["fee_changes"][1]["reason"].endswith(WRITTEN["fee_reason"])
    assert len(placement["outcome_targets"]) == 2
    [termly_return] = placement["termly_returns"]
    assert termly_return["summary"] == WRITTEN["return_summary"]
    assert {s["evidence"] for s in termly_return["scores"]} == {WRITTEN["evidence"]}
    assert WRITTEN["query_reason"] in [e["reason"] for e in termly_return["events"]]

    views = [(row["who"], row["what"]) for row in data["access_log"]]
    assert (f"{alice.full_name}, Croydon", "record") in views
    assert (f"{alice.full_name}, Croydon", "subject access export requested") in views
    assert "alice@croydon.example.org" not in json.dumps(data)  # named, with no email address

    text = json.dumps(data)
    for word in OTHER_CHILD.values():
        assert word not in text


def rows_at(data, path: str) -> list:
    """The entries at a dotted path of the export's JSON, across every list on the way."""
    found = [data]
    for key in path.split("."):
        found = [item for parent in found for item in parent[key]]
    return found


def test_every_row_the_inventory_lists_for_the_child_is_in_the_export(
    alice, full_history, other_child, export_files, no_pdf
):
    data = json_of(built(alice, full_history))
    for held in HELD:
        expected = held.rows_of(full_history.pk).count()
        assert expected, f"the fixture has no {held.model.__name__}: the test would prove nothing"
        assert len(rows_at(data, held.shown_in)) == expected, held.model.__name__


def test_the_pdf_reads_back_with_the_same_contents(
    alice, full_history, other_child, export_files, tmp_path
):
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed to read the PDF back"
    export = built(alice, full_history)
    pdf = tmp_path / "export.pdf"
    with export.pdf_file.open("rb") as opened:
        pdf.write_bytes(opened.read())
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())

    for shown in (
        "Everything we hold about child CR-0042",
        "Sam Example",
        "14 March 2016",
        "CR0 1AA",
        "Placement request PR-",
        "What the provider was shown",
        "Bright Futures Education Limited",
        "Other Schools Limited",
        "£1,520.00",
        "£1,580.00",
        "Uses a communication aid to ask for help in class",
        "Who viewed the record",
        "subject access export requested",
        *WRITTEN.values(),
    ):
        assert shown in flat, shown
    for word in OTHER_CHILD.values():
        assert word not in flat


def test_asking_and_each_download_are_written_to_the_childs_access_log(
    alice, full_history, export_files, client_for, no_pdf, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    exports_page = reverse("dataprotection:child_exports", args=[full_history.public_id])
    assert "Prepare the export" in client.get(exports_page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(exports_page)
    export = SubjectAccessExport.objects.get(child=full_history)
    assert asked.url == reverse("dataprotection:export_detail", args=[export.public_id])
    page = client.get(asked.url)
    assert "Download the PDF" in page.content.decode()

    for fmt in ("pdf", "json"):
        download = client.get(
            reverse("dataprotection:export_download", args=[export.public_id, fmt])
        )
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
        assert 'filename="subject-access-CR-0042-' in download["Content-Disposition"]
        b"".join(download.streaming_content)

    logged = list(
        ChildAccessLog.objects.filter(child=full_history, what__startswith="subject access")
        .order_by("pk")
        .values_list("user__email", "what")
    )
    assert logged == [
        ("alice@croydon.example.org", "subject access exports"),
        ("alice@croydon.example.org", "subject access export requested"),
        ("alice@croydon.example.org", "subject access export downloaded (PDF)"),
        ("alice@croydon.example.org", "subject access export downloaded (JSON)"),
    ]


def test_the_childs_record_links_to_the_export_for_its_commissioners_only(
    alice, child, client_for, croydon
):
    from boroughs.choices import Role

    from ..factories import UserFactory

    link = "Download everything we hold (subject access)"
    url = reverse("placements:child_detail", args=[child.public_id])
    assert link in client_for(alice).get(url).content.decode()
    analyst = UserFactory(borough=croydon, role=Role.BOROUGH_ANALYST)
    assert link not in client_for(analyst).get(url).content.decode()


@pytest.mark.parametrize("outsider", ["charlie", "pat"])
def test_another_borough_and_providers_get_404(outsider, request, child, client_for, api_for):
    user = request.getfixturevalue(outsider)
    url = reverse("dataprotection:child_exports", args=[child.public_id])
    assert client_for(user).get(url).status_code == 404
    assert client_for(user).post(url).status_code == 404
    api = api_for(user).post(
        reverse("dataprotection_api:subject-access-list"), {"child": str(child.public_id)}
    )
    # Another borough's commissioner may export, so the child is looked for: 404. A provider
    # may export nothing: refused before the body is read, the same for any child (403).
    assert api.status_code == (404 if outsider == "charlie" else 403)
    assert not SubjectAccessExport.objects.exists()
    assert not ChildAccessLog.objects.filter(child=child).exists()


@pytest.mark.parametrize("reader", ["lead_analyst", "admin_user"])
def test_consortium_wide_readers_get_404_for_another_boroughs_child(
    reader, request, bromley_child, client_for
):
    user = request.getfixturevalue(reader)
    record = reverse("placements:child_detail", args=[bromley_child.public_id])
    assert client_for(user).get(record).status_code == 200  # they may read it
    url = reverse("dataprotection:child_exports", args=[bromley_child.public_id])
    assert client_for(user).get(url).status_code == 404
    assert client_for(user).post(url).status_code == 404
    assert not SubjectAccessExport.objects.exists()


@pytest.mark.parametrize("role", ["borough_analyst", "lead_analyst", "consortium_admin"])
def test_the_boroughs_staff_who_are_not_commissioners_get_403(
    role, child, client_for, api_for, croydon
):
    from ..factories import UserFactory

    user = UserFactory(borough=croydon, role=role)
    url = reverse("dataprotection:child_exports", args=[child.public_id])
    assert client_for(user).get(url).status_code == 403
    assert client_for(user).post(url).status_code == 403
    api = api_for(user).post(
        reverse("dataprotection_api:subject-access-list"), {"child": str(child.public_id)}
    )
    assert api.status_code == 403
    assert not SubjectAccessExport.objects.exists()


def test_a_colleagues_export_is_404_to_another_borough_and_403_to_an_analyst(
    alice, bob, charlie, child, client_for, croydon
):
    from boroughs.choices import Role

    from ..factories import UserFactory

    export = services.subject_access_request(actor=alice, child=child)
    url = reverse("dataprotection:export_detail", args=[export.public_id])
    assert client_for(bob).get(url).status_code == 200
    assert client_for(charlie).get(url).status_code == 404
    analyst = UserFactory(borough=croydon, role=Role.BOROUGH_ANALYST)
    assert client_for(analyst).get(url).status_code == 403


def test_asking_twice_while_one_is_being_prepared_makes_one_export(alice, child):
    first = services.subject_access_request(actor=alice, child=child)
    again = services.subject_access_request(actor=alice, child=child)
    assert first.pk == again.pk
    assert SubjectAccessExport.objects.count() == 1


def test_the_page_follows_a_queued_export_and_stops_once_it_is_ready(
    alice, child, client_for, export_files, no_pdf
):
    export = services.subject_access_request(actor=alice, child=child)
    client = client_for(alice)
    status = reverse("dataprotection:export_status", args=[export.public_id])
    waiting = client.get(status).content.decode()
    assert "Waiting for a worker" in waiting and "hx-trigger" in waiting
    assert client.get(status, {"seen": "queued-0"}).status_code == 204
    services.subject_access_execute(export.pk)
    ready = client.get(status).content.decode()
    assert "Download the JSON file" in ready and "hx-trigger" not in ready


def test_a_failed_export_says_why_and_offers_no_download(
    alice, child, client_for, export_files, monkeypatch
):
    def broken(document, path):
        raise ValueError("no fonts")

    monkeypatch.setattr(services, "write_pdf", broken)
    export = services.subject_access_request(actor=alice, child=child)
    services.subject_access_execute(export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    client = client_for(alice)
    page = client.get(reverse("dataprotection:export_detail", args=[export.public_id]))
    assert "The export could not be prepared: no fonts" in page.content.decode()
    pdf = reverse("dataprotection:export_download", args=[export.public_id, "pdf"])
    assert client.get(pdf).status_code == 404


def test_the_api_asks_polls_and_downloads(alice, child, api_for, export_files, no_pdf):
    api = api_for(alice)
    made = api.post(
        reverse("dataprotection_api:subject-access-list"), {"child": str(child.public_id)}
    )
    assert made.status_code == 201
    assert (made.data["status"], made.data["pdf_url"]) == ("queued", None)
    services.subject_access_execute(SubjectAccessExport.objects.get().pk)
    polled = api.get(reverse("dataprotection_api:subject-access-detail", args=[made.data["id"]]))
    assert polled.data["status"] == "done"
    assert polled.data["counts"]["placement_requests"] == 0
    download = api.get(polled.data["json_url"])
    assert download.status_code == 200
    assert json.loads(b"".join(download.streaming_content))["child"]["reference"] == "CR-0042"
    assert ChildAccessLog.objects.filter(
        child=child, what="subject access export downloaded (JSON)"
    ).exists()


def test_the_api_schema_documents_the_export(client):
    schema = client.get(reverse("api_schema"), {"format": "json"}).json()
    paths = schema["paths"]
    assert "/api/v1/data-protection/subject-access/" in paths
    assert "post" in paths["/api/v1/data-protection/subject-access/"]
    assert "/api/v1/data-protection/subject-access/{id}/pdf/" in paths
    assert "/api/v1/data-protection/subject-access/{id}/json/" in paths


def test_an_anonymised_record_has_nothing_left_to_export(alice, child, client_for):
    from django.utils import timezone

    from placements.models import Child

    Child.objects.filter(pk=child.pk).update(anonymised_on=timezone.localdate())
    child.refresh_from_db()
    page = client_for(alice).get(reverse("placements:child_detail", args=[child.public_id]))
    assert "Download everything we hold" not in page.content.decode()
    with pytest.raises(services.InvalidTransition) as refused:
        services.subject_access_request(actor=alice, child=child)
    assert refused.value.message == services.MSG_ANONYMISED


def test_asking_again_after_the_export_stopped_prepares_a_new_one(alice, child):
    stuck = services.subject_access_request(actor=alice, child=child)  # its message was lost
    SubjectAccessExport.objects.filter(pk=stuck.pk).update(
        requested_at=timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    )
    again = services.subject_access_request(actor=alice, child=child)
    stuck.refresh_from_db()
    assert again.pk != stuck.pk
    assert (stuck.status, stuck.error) == (ExportStatus.FAILED, services.MSG_STOPPED)


def test_a_redelivered_export_waits_for_a_live_worker_and_takes_over_from_a_dead_one(
    alice, child, export_files, no_pdf
):
    export = services.subject_access_request(actor=alice, child=child)
    SubjectAccessExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )
    assert services.subject_access_execute(export.pk) is False  # alive: ask again later
    export.refresh_from_db()
    assert (export.status, export.attempts) == (ExportStatus.RUNNING, 1)

    SubjectAccessExport.objects.filter(pk=export.pk).update(
        heartbeat_at=timezone.now() - services.STALE_AFTER - timedelta(seconds=1)
    )
    assert services.subject_access_execute(export.pk) is True
    export.refresh_from_db()
    assert (export.status, export.attempts) == (ExportStatus.DONE, 2)
