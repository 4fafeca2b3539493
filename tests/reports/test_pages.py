"""Report pages: the list, the request form, a run's page that polls its status, the download.

Analysts (and consortium admins, who read) use them; a borough analyst sees only their own
borough's runs and gets 404 for anyone else's; commissioners and providers get 403.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.reports import services
from commissioning.reports.choices import ReportScope, RunStatus
from commissioning.reports.models import ReportDownload, ReportRun

pytestmark = pytest.mark.django_db


def url(name: str, run: ReportRun | None = None) -> str:
    kwargs = {"public_id": run.public_id} if run is not None else {}
    return reverse(f"reports:{name}", kwargs=kwargs)


def date_parts(name: str, day: int, month: int, year: int) -> dict:
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}


def form_data(**fields) -> dict:
    return {
        "kind": "savings_summary",
        "scope": "consortium",
        **date_parts("period_start", 1, 4, 2026),
        **date_parts("period_end", 31, 3, 2027),
        **fields,
    }


@pytest.fixture
def done_run(croydon_run, fake_builder):
    services.report_run_execute(croydon_run.pk)
    croydon_run.refresh_from_db()
    return croydon_run


# --- Asking ---------------------------------------------------------------------------------------


def test_a_lead_analyst_requests_a_report_and_lands_on_its_page(client_for, lead_analyst):
    client = client_for(lead_analyst)
    form = client.get(url("run_create"))
    assert form.status_code == 200
    assert "What should the report cover?" in form.text

    response = client.post(url("run_create"), form_data(), follow=True)

    run = ReportRun.objects.get()
    assert response.redirect_chain[-1][0] == url("run_detail", run)
    assert (run.scope, run.requested_by) == (ReportScope.CONSORTIUM, lead_analyst)
    assert "Report requested" in response.text
    assert "South London Commissioning Programme" in response.text


def test_a_lead_analyst_chooses_a_borough(client_for, lead_analyst, bromley):
    client_for(lead_analyst).post(
        url("run_create"), form_data(scope="borough", borough="E09000006")
    )
    assert ReportRun.objects.get().borough == bromley


def test_a_lead_analyst_is_told_to_choose_a_strand(client_for, lead_analyst):
    response = client_for(lead_analyst).post(url("run_create"), form_data(scope="strand"))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert services.MSG_CHOOSE_STRAND in response.text
    assert not ReportRun.objects.exists()


def test_the_form_asks_for_a_report_kind_and_a_real_period(client_for, lead_analyst):
    data = form_data(kind="", **date_parts("period_end", 31, 2, 2027))
    response = client_for(lead_analyst).post(url("run_create"), data)
    assert "Select which report you want" in response.text
    assert "The last day of the period must be a real date" in response.text


def test_a_period_ending_before_it_starts_is_refused_at_the_end_date(client_for, lead_analyst):
    data = form_data(**date_parts("period_end", 1, 1, 2026))
    response = client_for(lead_analyst).post(url("run_create"), data)
    assert services.MSG_PERIOD_ORDER in response.text
    assert not ReportRun.objects.exists()


def test_a_borough_analysts_report_always_covers_their_borough(
    client_for, bromley_analyst, bromley
):
    client = client_for(bromley_analyst)
    form = client.get(url("run_create"))
    assert "The report will cover Bromley." in form.text
    assert "What should the report cover?" not in form.text
    # Whatever is posted, the scope is their borough.
    client.post(url("run_create"), form_data(scope="consortium", borough="E09000008"))
    run = ReportRun.objects.get()
    assert (run.scope, run.borough) == (ReportScope.BOROUGH, bromley)


@pytest.mark.parametrize("who", ["alice", "pat", "admin_user"])
def test_commissioners_providers_and_admins_cannot_request_reports(who, request, client_for):
    response = client_for(request.getfixturevalue(who)).post(url("run_create"), form_data())
    assert response.status_code == 403
    assert not ReportRun.objects.exists()


# --- Reading --------------------------------------------------------------------------------------


def test_the_list_shows_who_asked_when_how_long_and_the_download(
    client_for, lead_analyst, done_run
):
    response = client_for(lead_analyst).get(url("run_list"))
    assert response.status_code == 200
    text = response.text
    assert lead_analyst.full_name in text
    assert "Savings summary (PDF)" in text
    assert done_run.duration_text in text
    assert url("run_download", done_run) in text


def test_the_list_names_the_monthly_schedule_as_the_requester(client_for, lead_analyst, make_run):
    make_run(scope=ReportScope.CONSORTIUM, borough=None, scheduled=True)
    assert "Monthly schedule" in client_for(lead_analyst).get(url("run_list")).text


def test_the_list_costs_the_same_queries_for_many_runs(client_for, lead_analyst, make_run):
    client = client_for(lead_analyst)
    make_run(requested_by=lead_analyst)
    with CaptureQueriesContext(connection) as one:
        client.get(url("run_list"))
    for _ in range(10):
        make_run(requested_by=lead_analyst)
    with CaptureQueriesContext(connection) as eleven:
        client.get(url("run_list"))
    assert len(eleven) == len(one)


def test_a_queued_runs_status_panel_polls_and_a_done_one_does_not(
    client_for, lead_analyst, croydon_run, fake_builder
):
    client = client_for(lead_analyst)
    page = client.get(url("run_detail", croydon_run)).text
    assert f'hx-get="{url("run_status", croydon_run)}?seen=queued-0-0"' in page
    assert 'hx-trigger="every 2s"' in page
    assert 'aria-live="polite"' in page

    services.report_run_execute(croydon_run.pk)
    panel = client.get(url("run_status", croydon_run), HTTP_HX_REQUEST="true").text
    assert "hx-trigger" not in panel
    assert "Download fake-report.txt" in panel


def test_the_status_panel_answers_204_when_nothing_changed(client_for, lead_analyst, croydon_run):
    client = client_for(lead_analyst)
    unchanged = client.get(url("run_status", croydon_run), {"seen": "queued-0-0"})
    assert unchanged.status_code == 204
    changed = client.get(url("run_status", croydon_run), {"seen": "queued-5-0"})
    assert changed.status_code == 200


def test_a_running_run_shows_its_progress(client_for, lead_analyst, croydon_run):
    ReportRun.objects.filter(pk=croydon_run.pk).update(
        status=RunStatus.RUNNING, progress=45, progress_message="Adding up savings by borough"
    )
    panel = client_for(lead_analyst).get(url("run_status", croydon_run)).text
    assert '<progress max="100" value="45"' in panel
    assert "45% complete: Adding up savings by borough" in panel


def test_a_failed_run_shows_its_error(client_for, lead_analyst, croydon_run, fake_builder):
    fake_builder.errors = [ValueError("no figures")]
    services.report_run_execute(croydon_run.pk)
    page = client_for(lead_analyst).get(url("run_detail", croydon_run)).text
    assert "The report could not be built: no figures" in page
    assert "hx-trigger" not in page


# --- Downloading ----------------------------------------------------------------------------------


def test_an_analyst_downloads_the_file_and_the_download_is_logged(
    client_for, bromley_analyst, make_run, bromley, fake_builder
):
    run = make_run(borough=bromley)
    services.report_run_execute(run.pk)
    response = client_for(bromley_analyst).get(url("run_download", run))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="fake-report.txt"'
    assert response["Content-Type"] == "text/plain"
    assert b"".join(response.streaming_content).decode().startswith(f"run {run.public_id}")
    log = ReportDownload.objects.get()
    assert (log.run, log.user) == (run, bromley_analyst)


def test_an_unfinished_report_cannot_be_downloaded(client_for, lead_analyst, croydon_run):
    response = client_for(lead_analyst).get(url("run_download", croydon_run))
    assert response.status_code == 404
    assert not ReportDownload.objects.exists()


# --- Who may see what -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["run_detail", "run_status", "run_download"])
def test_a_bromley_analyst_gets_404_for_a_croydon_report(
    name, client_for, bromley_analyst, done_run
):
    assert client_for(bromley_analyst).get(url(name, done_run)).status_code == 404
    assert not ReportDownload.objects.exists()


def test_a_bromley_analyst_does_not_see_croydon_or_consortium_runs_listed(
    client_for, bromley_analyst, make_run, bromley, done_run
):
    make_run(scope=ReportScope.CONSORTIUM, borough=None)
    ours = make_run(borough=bromley)
    text = client_for(bromley_analyst).get(url("run_list")).text
    assert url("run_detail", ours) in text
    assert re.findall(r'href="/reports/([0-9a-f-]{36})/"', text) == [str(ours.public_id)]


def test_a_consortium_admin_reads_and_downloads_every_run(client_for, admin_user, done_run):
    client = client_for(admin_user)
    assert client.get(url("run_detail", done_run)).status_code == 200
    assert client.get(url("run_download", done_run)).status_code == 200


@pytest.mark.parametrize("who", ["alice", "charlie", "pat"])
@pytest.mark.parametrize("name", ["run_list", "run_create", "run_detail", "run_download"])
def test_commissioners_and_providers_get_403(who, name, request, client_for, done_run):
    run = None if name in ("run_list", "run_create") else done_run
    user = request.getfixturevalue(who)
    assert client_for(user).get(url(name, run)).status_code == 403


def test_the_menu_shows_reports_to_analysts_only(client_for, lead_analyst, bromley_analyst, alice):
    # Under Figures, in that area's own list of pages (the savings page is one of them).
    link, figures = 'href="/reports/"', reverse("placements:savings")
    assert link in client_for(lead_analyst).get(figures).text
    assert link in client_for(bromley_analyst).get(figures).text
    assert link not in client_for(alice).get(figures).text
