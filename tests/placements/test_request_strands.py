"""A borough raises placement requests only on the strands it belongs to (StrandMembership):
Bromley is on the SEND strand only, Southwark on the care strand only. The page offers only
their strands' lots; the API is refused the others, by the same service."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from boroughs.choices import Role
from placements import services
from placements.models import Child, PlacementRequest
from placements.services.requests import MSG_NOT_A_MEMBER
from providers.choices import LotKind
from providers.models import Lot

from ..factories import UserFactory, borough

pytestmark = pytest.mark.django_db

API = "/api/v1/placements/requests/"
SOUTHWARK = "E09000028"


def body(child, lot: str) -> dict:
    today = timezone.localdate()
    return {
        "child": str(child.public_id),
        "lot": lot,
        "required_start_on": (today + timedelta(days=60)).isoformat(),
        "needs_summary": "Needs a stable home with experienced carers.",
    }


def test_a_send_only_borough_cannot_request_a_care_placement_in_the_api(
    api_for, charlie, bromley_child, send_dps
):
    response = api_for(charlie).post(
        API, body(bromley_child, LotKind.CHILDRENS_HOME), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"lot": [MSG_NOT_A_MEMBER]}
    assert not PlacementRequest.objects.exists()
    allowed = api_for(charlie).post(API, body(bromley_child, LotKind.ISS_DAY), format="json")
    assert allowed.status_code == 201, allowed.json()


@pytest.fixture
def southwark_commissioner(consortium):
    return UserFactory(borough=borough(SOUTHWARK), role=Role.COMMISSIONER)


@pytest.fixture
def southwark_child(southwark_commissioner):
    return Child.objects.create(
        borough=southwark_commissioner.borough,
        reference="SW-0001",
        date_of_birth=date(2011, 2, 3),
        sex="M",
        home_postcode="SE1 7PB",
        primary_need="SEMH",
        looked_after=True,
        legal_status="C2",
    )


def test_a_care_only_borough_cannot_move_its_draft_onto_a_send_lot(
    api_for, southwark_commissioner, southwark_child, send_dps
):
    care_lot = Lot.objects.get(dps__strand__kind="care", kind=LotKind.CHILDRENS_HOME)
    draft = services.request_create(
        actor=southwark_commissioner,
        child=southwark_child,
        lot=care_lot,
        required_start_on=timezone.localdate() + timedelta(days=30),
        needs_summary="Needs a stable home.",
    )
    response = api_for(southwark_commissioner).patch(
        f"{API}{draft.public_id}/", {"lot": LotKind.ISS_DAY}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"lot": [MSG_NOT_A_MEMBER]}
    draft.refresh_from_db()
    assert (draft.lot, draft.strand.kind) == (care_lot, "care")
