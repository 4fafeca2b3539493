"""The request form asks the Placements Data Standard's referral questions: all of them, the
required ones required, for a care placement; the communication subset for a SEND one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from placements.models import PlacementRequest
from providers.choices import LotKind
from providers.models import Lot

from ..request_pages.helpers import form_data
from .helpers import care_answers, care_form_answers

pytestmark = pytest.mark.django_db


def new_request_url(child) -> str:
    return reverse("placements:request_create", args=[child.public_id])


def test_a_care_request_must_answer_the_standards_required_questions(
    client_for, alice, child, send_dps
):
    care_lot = Lot.objects.get(dps__strand__kind="care", kind=LotKind.CHILDRENS_HOME)
    page = client_for(alice).get(new_request_url(child)).content.decode()
    assert "Can the child live with pets/animals?" in page
    assert "Which risks are present?" in page

    refused = client_for(alice).post(new_request_url(child), form_data(care_lot))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Answer: Can the child live with pets/animals?" in html
    assert "Answer: Foster care suitability" in html
    assert "Answer: Specific communication and language requirements" in html
    assert not PlacementRequest.objects.exists()

    saved = client_for(alice).post(
        new_request_url(child), form_data(care_lot, **care_form_answers())
    )
    assert saved.status_code == 302
    assert PlacementRequest.objects.get().standard == care_answers()


def test_a_send_request_answers_only_the_communication_subset(
    client_for, alice, child, send_day_lot
):
    saved = client_for(alice).post(
        new_request_url(child),
        form_data(
            send_day_lot,
            std_communicationNeeds="Y",
            std_specificCommunicationRequirements=["BSL"],
            std_pets="No",  # a care question: not kept for a school placement
        ),
    )
    assert saved.status_code == 302
    assert PlacementRequest.objects.get().standard == {
        "PlacementRequirements": {
            "communicationNeeds": "Y",
            "specificCommunicationRequirements": ["BSL"],
        }
    }


def test_the_edit_page_shows_the_answers_given(client_for, alice, child, send_dps):
    care_lot = Lot.objects.get(dps__strand__kind="care", kind=LotKind.CHILDRENS_HOME)
    client_for(alice).post(new_request_url(child), form_data(care_lot, **care_form_answers()))
    draft = PlacementRequest.objects.get()
    page = client_for(alice).get(reverse("placements:request_edit", args=[draft.public_id]))
    form = page.context["form"]
    assert form["std_pets"].value() == "Yes - can"
    assert form["std_risks_present"].value() == ["riskMissing"]
    assert form["std_homeAdaptation"].value() == "no"


def test_the_request_page_shows_the_standards_answers(client_for, alice, child, send_dps):
    care_lot = Lot.objects.get(dps__strand__kind="care", kind=LotKind.CHILDRENS_HOME)
    client_for(alice).post(new_request_url(child), form_data(care_lot, **care_form_answers()))
    draft = PlacementRequest.objects.get()
    page = client_for(alice).get(reverse("placements:request_detail", args=[draft.public_id]))
    html = page.content.decode()
    assert "Can the child live with pets/animals?" in html and "Yes - can" in html
    assert "Risk to child: Going missing" in html
