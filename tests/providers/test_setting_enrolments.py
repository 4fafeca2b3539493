"""A setting's page in the directory, with the reviewer's enrolment actions: what council staff
see, and what everyone else is refused."""

import re
import uuid
from datetime import date

import pytest
from django.urls import reverse

from kernel.workflow import MSG_WRONG_STATE
from providers import services
from providers.choices import EnrolmentStatus
from providers.models import Enrolment

from .conftest import inspect

pytestmark = pytest.mark.django_db


# --- A setting's page and the enrolment actions --------------------------------------------------


def setting_url(setting):
    return reverse("providers:setting_detail", args=[setting.public_id])


def act(client, enrolment, action, reason):
    url = reverse(f"providers:enrolment_{action}", args=[enrolment.public_id])
    return client.post(url, {f"{action}-{enrolment.public_id}-reason": reason})


def test_a_settings_page_shows_its_inspections_and_enrolments(
    client_for, alice, accredited_application, setting
):
    inspect(setting, "Good", date(2023, 3, 1))
    response = client_for(alice).get(setting_url(setting))
    assert response.status_code == 200
    text = response.text
    assert "Bright Futures School" in text
    assert "1 March 2023" in text
    assert "Good" in text
    assert "Lot 1: Independent special school: day" in text
    assert "£1,650.50, 38 weeks a year" in text
    assert re.search(r'<strong class="govuk-tag[^"]*">Enrolled</strong>', text)


def test_a_reviewer_suspends_reinstates_and_removes_an_enrolment(
    client_for, reviewer, accredited_application, setting
):
    enrolment = Enrolment.objects.get(setting=setting)
    client = client_for(reviewer)
    page = client.get(setting_url(setting)).text
    assert "Reason to suspend: Lot 1: Independent special school: day" in page

    response = act(client, enrolment, "suspend", "Safeguarding concern under investigation")
    assert response.status_code == 302
    assert response.url == setting_url(setting)
    page = client.get(response.url).text
    assert "Bright Futures School suspended on Independent special school: day" in page
    assert "Safeguarding concern under investigation" in page
    assert "Enrolled to suspended" in page

    assert act(client, enrolment, "reinstate", "Investigation closed").status_code == 302
    assert act(client, enrolment, "remove", "Excluded supplier").status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.REMOVED
    assert [e.to_status for e in enrolment.events.all()] == ["suspended", "enrolled", "removed"]


def test_suspending_without_a_reason_shows_the_error_at_the_field(
    client_for, reviewer, accredited_application, setting
):
    enrolment = Enrolment.objects.get(setting=setting)
    response = act(client_for(reviewer), enrolment, "suspend", "")
    assert response.status_code == 200
    assert "<title>Error: " in response.text
    assert services.MSG_REASON_REQUIRED in response.text
    assert f'href="#id_suspend-{enrolment.public_id}-reason"' in response.text
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_reinstating_an_enrolled_setting_is_refused(
    client_for, reviewer, accredited_application, setting
):
    enrolment = Enrolment.objects.get(setting=setting)
    response = act(client_for(reviewer), enrolment, "reinstate", "Just in case")
    assert response.status_code == 409
    assert MSG_WRONG_STATE.format(noun="enrolment", status="enrolled") in response.text
    assert not enrolment.events.exists()


def test_staff_who_do_not_review_see_no_enrolment_actions_and_cannot_post_them(
    client_for, charlie, accredited_application, setting
):
    enrolment = Enrolment.objects.get(setting=setting)
    client = client_for(charlie)
    page = client.get(setting_url(setting)).text
    assert "enrolments/" not in page
    assert act(client, enrolment, "suspend", "No").status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_a_provider_user_cannot_act_on_an_enrolment(
    client_for, provider_alice, accredited_application, setting
):
    enrolment = Enrolment.objects.get(setting=setting)
    assert act(client_for(provider_alice), enrolment, "remove", "No").status_code == 403


def test_an_unknown_enrolment_is_404(client_for, reviewer):
    url = reverse("providers:enrolment_suspend", args=[uuid.uuid4()])
    assert client_for(reviewer).post(url, {}).status_code == 404
