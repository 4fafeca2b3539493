"""Invitations, awards and moves reach only settings actively enrolled on the lot.

A setting suspended from the lot, removed from it, or never accredited for it is refused by the
service, with a message at the field, whatever the API is sent; nothing is half-done (no
invitation, placement, ended placement or vacancy taken). The page offers only enrolled settings
and asks the same service.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from placements import services
from placements.choices import PlacementStatus, RequestStatus
from placements.models import Placement, RequestInvitation
from placements.services.lots import MSG_NOT_ENROLLED, MSG_REMOVED, MSG_SUSPENDED
from providers import services as dps
from providers.models import Enrolment, Setting

from .fixtures import offer_fields

pytestmark = pytest.mark.django_db

API = "/api/v1/placements"
STATES = ["suspended", "removed", "never accredited"]
MESSAGES = {
    "suspended": MSG_SUSPENDED,
    "removed": MSG_REMOVED,
    "never accredited": MSG_NOT_ENROLLED,
}


@pytest.fixture
def off_the_lot(alice, other_schools, far_setting, send_day_lot):
    """Returns a function that puts a setting of Other Schools in the given state."""

    def make(state: str) -> Setting:
        if state == "never accredited":
            return Setting.objects.create(
                provider=other_schools[0],
                name="Other Schools Wallington",
                establishment_type="10",
                age_low=5,
                age_high=19,
                vacancies=3,
                needs=["ASD"],
                latitude=Decimal("51.36000"),
                longitude=Decimal("-0.15000"),
            )
        enrolment = Enrolment.objects.get(setting=far_setting, lot=send_day_lot)
        change = dps.enrolment_suspend if state == "suspended" else dps.enrolment_remove
        change(actor=alice, enrolment=enrolment, reason="Insurance lapsed")
        return far_setting

    return make


def message(state: str, setting: Setting) -> str:
    return MESSAGES[state].format(setting=setting.name)


# --- Invitations ----------------------------------------------------------------------------------


@pytest.mark.parametrize("state", STATES)
def test_a_setting_off_the_lot_cannot_be_invited(
    api_for, alice, draft_request, near_setting, off_the_lot, state
):
    setting = off_the_lot(state)
    response = api_for(alice).post(
        f"{API}/requests/{draft_request.public_id}/invite/",
        {"settings": [str(near_setting.public_id), str(setting.public_id)]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"settings": [message(state, setting)]}
    draft_request.refresh_from_db()
    assert draft_request.status == RequestStatus.DRAFT
    assert not RequestInvitation.objects.exists()


# --- Awards ---------------------------------------------------------------------------------------


@pytest.fixture
def unaccredited_offer(alice, open_request, other_schools, off_the_lot, emails):
    """An invitation to a setting that was never on the lot (as old data or a bug could leave
    one), with an offer: the award must still refuse it."""
    setting = off_the_lot("never accredited")
    invitation = RequestInvitation.objects.create(
        request=open_request, setting=setting, provider=other_schools[0], invited_by=alice
    )
    with emails():
        services.offer_submit(actor=other_schools[1], invitation=invitation, **offer_fields("1500"))
    return invitation


@pytest.mark.parametrize("state", STATES)
def test_an_offer_from_a_setting_off_the_lot_cannot_be_awarded(
    request, api_for, alice, offered_request, far_invitation, off_the_lot, state
):
    if state == "never accredited":
        invitation = request.getfixturevalue("unaccredited_offer")
        setting = invitation.setting
    else:
        invitation, setting = far_invitation, off_the_lot(state)
    services.request_close(actor=alice, placement_request=offered_request)
    vacancies = Setting.objects.get(pk=setting.pk).vacancies
    response = api_for(alice).post(
        f"{API}/requests/{offered_request.public_id}/award/",
        {"invitation": str(invitation.public_id), "reason": "Lowest price"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"invitation": [message(state, setting)]}
    offered_request.refresh_from_db()
    assert offered_request.status == RequestStatus.EVALUATING
    assert not Placement.objects.exists()
    assert Setting.objects.get(pk=setting.pk).vacancies == vacancies


# --- Moves ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", STATES)
def test_a_child_cannot_be_moved_to_a_setting_off_the_lot(
    api_for, client_for, alice, placement, off_the_lot, state
):
    setting = off_the_lot(state)
    body = {
        "setting": str(setting.public_id),
        "starts_on": (placement.starts_on + timedelta(days=30)).isoformat(),
        "weekly_fee": "1800.00",
        "reason": "Needs a quieter site",
    }
    response = api_for(alice).post(
        f"{API}/placements/{placement.public_id}/move/", body, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"setting": [message(state, setting)]}
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ACTIVE
    assert Placement.objects.count() == 1
    page = client_for(alice).get(reverse("placements:placement_move", args=[placement.public_id]))
    assert setting.name not in page.text


def test_a_child_can_still_move_to_a_setting_enrolled_on_the_lot(
    api_for, alice, placement, far_setting
):
    body = {
        "setting": str(far_setting.public_id),
        "starts_on": (placement.starts_on + timedelta(days=30)).isoformat(),
        "weekly_fee": "1800.00",
        "reason": "Needs a quieter site",
    }
    response = api_for(alice).post(
        f"{API}/placements/{placement.public_id}/move/", body, format="json"
    )
    assert response.status_code == 201, response.json()
