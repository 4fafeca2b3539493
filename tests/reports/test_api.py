"""The reports API: list, read, ask for and download runs, scoped like the pages."""

from __future__ import annotations

import pytest

from commissioning.reports import services
from commissioning.reports.choices import ReportScope, RunStatus
from commissioning.reports.models import ReportDownload, ReportRun

pytestmark = pytest.mark.django_db

RUNS = "/api/v1/reports/runs/"
BODY = {
    "kind": "savings_summary",
    "scope": "consortium",
    "period_start": "2026-04-01",
    "period_end": "2027-03-31",
}


def run_url(run: ReportRun, action: str = "") -> str:
    return f"{RUNS}{run.public_id}/{action + '/' if action else ''}"


@pytest.fixture
def done_run(croydon_run, fake_builder):
    services.report_run_execute(croydon_run.pk)
    croydon_run.refresh_from_db()
    return croydon_run


def test_a_lead_analyst_asks_for_a_report_and_gets_the_queued_run(api_for, lead_analyst):
    response = api_for(lead_analyst).post(RUNS, BODY, format="json")
    assert response.status_code == 201
    body = response.json()
    run = ReportRun.objects.get()
    assert body["id"] == str(run.public_id)
    assert (body["status"], body["progress"], body["download_url"]) == ("queued", 0, None)
    assert body["covers"] == "South London Commissioning Programme"
    assert body["requested_by"] == lead_analyst.email


def test_a_lead_analyst_asks_for_a_strand_by_its_slug(api_for, lead_analyst):
    body = {**BODY, "scope": "strand", "strand": "care"}
    response = api_for(lead_analyst).post(RUNS, body, format="json")
    assert response.status_code == 201
    assert response.json()["covers"] == "Care strand"


def test_a_borough_analyst_is_refused_another_borough_with_403(api_for, bromley_analyst):
    body = {**BODY, "scope": "borough", "borough": "E09000008"}
    response = api_for(bromley_analyst).post(RUNS, body, format="json")
    assert response.status_code == 403
    assert response.json() == {"borough": [services.MSG_OWN_BOROUGH_ONLY]}


def test_a_borough_analyst_is_refused_the_consortium_with_403(api_for, bromley_analyst):
    response = api_for(bromley_analyst).post(RUNS, BODY, format="json")
    assert response.status_code == 403
    assert response.json() == {"scope": [services.MSG_OWN_BOROUGH_ONLY]}


def test_a_request_with_a_backwards_period_is_a_400_at_the_end_date(api_for, lead_analyst):
    body = {**BODY, "period_end": "2026-01-01"}
    response = api_for(lead_analyst).post(RUNS, body, format="json")
    assert response.status_code == 400
    assert response.json() == {"period_end": [services.MSG_PERIOD_ORDER]}


def test_an_unknown_kind_is_a_400(api_for, lead_analyst):
    response = api_for(lead_analyst).post(RUNS, {**BODY, "kind": "gossip"}, format="json")
    assert response.status_code == 400
    assert "kind" in response.json()


def test_a_done_run_shows_its_file_and_downloads_once_logged(api_for, lead_analyst, done_run):
    api = api_for(lead_analyst)
    body = api.get(run_url(done_run)).json()
    assert (body["status"], body["progress"], body["attempts"]) == ("done", 100, 1)
    assert body["download_url"] == f"http://testserver{run_url(done_run, 'download')}"
    assert body["filename"] == "fake-report.txt"
    assert body["duration_seconds"] >= 0

    response = api.get(run_url(done_run, "download"), HTTP_ACCEPT="text/plain")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="fake-report.txt"'
    assert b"".join(response.streaming_content).startswith(b"run ")
    assert ReportDownload.objects.filter(run=done_run, user=lead_analyst).count() == 1


def test_an_unfinished_run_cannot_be_downloaded(api_for, lead_analyst, croydon_run):
    response = api_for(lead_analyst).get(run_url(croydon_run, "download"))
    assert response.status_code == 409
    assert response.json() == {"detail": services.MSG_NOT_READY}


@pytest.mark.parametrize("accept", ["*/*", "application/pdf"])
def test_a_refused_download_answers_json_whatever_was_accepted(
    api_for, lead_analyst, croydon_run, accept
):
    url = f"{run_url(croydon_run, 'download')}?format=file"
    response = api_for(lead_analyst).get(url, HTTP_ACCEPT=accept)
    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": services.MSG_NOT_READY}


def test_a_failed_run_shows_its_error(api_for, lead_analyst, croydon_run, fake_builder):
    fake_builder.errors = [ValueError("no figures")]
    services.report_run_execute(croydon_run.pk)
    body = api_for(lead_analyst).get(run_url(croydon_run)).json()
    assert (body["status"], body["error"]) == (
        "failed",
        "The report could not be built: no figures",
    )


@pytest.mark.parametrize("action", ["", "download"])
def test_a_bromley_analyst_gets_404_for_a_croydon_run(action, api_for, bromley_analyst, done_run):
    assert api_for(bromley_analyst).get(run_url(done_run, action)).status_code == 404
    assert not ReportDownload.objects.exists()


def test_the_list_is_scoped_and_filterable(
    api_for, lead_analyst, bromley_analyst, make_run, bromley, done_run
):
    ours = make_run(borough=bromley)
    make_run(scope=ReportScope.CONSORTIUM, borough=None, scheduled=True)
    bromley_ids = [row["id"] for row in api_for(bromley_analyst).get(RUNS).json()["results"]]
    assert bromley_ids == [str(ours.public_id)]
    lead = api_for(lead_analyst)
    assert lead.get(RUNS).json()["count"] == 3
    done = lead.get(RUNS, {"status": RunStatus.DONE}).json()["results"]
    assert [row["id"] for row in done] == [str(done_run.public_id)]
    scheduled = lead.get(RUNS, {"scheduled": "true"}).json()["results"]
    assert scheduled[0]["requested_by"] is None


@pytest.mark.parametrize("who", ["alice", "charlie", "pat"])
def test_commissioners_and_providers_get_403(who, request, api_for, done_run):
    api = api_for(request.getfixturevalue(who))
    assert api.get(RUNS).status_code == 403
    assert api.post(RUNS, BODY, format="json").status_code == 403
    assert api.get(run_url(done_run)).status_code == 403
    assert not ReportRun.objects.exclude(pk=done_run.pk).exists()


def test_a_consortium_admin_reads_runs_but_cannot_ask_for_one(api_for, admin_user, done_run):
    api = api_for(admin_user)
    assert api.get(run_url(done_run)).status_code == 200
    response = api.post(RUNS, BODY, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": services.MSG_NOT_ANALYST}


def test_a_malformed_id_is_a_json_404(api_for, lead_analyst):
    response = api_for(lead_analyst).get(f"{RUNS}not-a-uuid/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
