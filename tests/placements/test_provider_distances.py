"""Providers are told how far the child lives in bands of miles, never the figure to 0.1 km.

Several invitations for one request, each with the distance from a different setting, would let
a provider triangulate the child's home. The borough keeps the precise figure.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from placements.matching import distance_band

pytestmark = pytest.mark.django_db

API = "/api/v1/placements/invitations"


@pytest.mark.parametrize(
    ("km", "band"),
    [
        (None, "not known"),
        (Decimal("0.0"), "under 5 miles"),
        (Decimal("8.0"), "under 5 miles"),  # 4.97 miles
        (Decimal("8.1"), "5 to 10 miles"),
        (Decimal("16.1"), "10 to 20 miles"),
        (Decimal("40.0"), "20 to 50 miles"),
        (Decimal("80.5"), "50 miles or more"),
    ],
)
def test_a_distance_is_banded_in_miles(km, band):
    assert distance_band(km) == band


def in_json(invitation) -> list[str]:
    """The precise distance as a JSON value: "6.3", 6.3 or "6.30"."""
    exact = invitation.distance_km
    return [f'"{exact}"', f": {exact},", f'"{exact:.2f}"']


def in_page(invitation) -> list[str]:
    exact = invitation.distance_km
    return [f"{exact} km", f"{exact}km", f"{exact:.2f} km"]


@pytest.mark.parametrize("which", ["near_invitation", "far_invitation"])
def test_a_provider_never_sees_the_precise_distance(request, api_for, client_for, which):
    invitation = request.getfixturevalue(which)
    user = request.getfixturevalue("pat" if which == "near_invitation" else "olly")
    assert invitation.distance_km is not None
    band = distance_band(invitation.distance_km)

    shown = api_for(user).get(f"{API}/{invitation.public_id}/")
    assert shown.status_code == 200
    assert "distance_km" not in shown.json()
    assert shown.json()["distance_band"] == band
    listed = api_for(user).get(f"{API}/")
    for text in (shown.content.decode(), listed.content.decode()):
        assert not any(figure in text for figure in in_json(invitation))

    page = client_for(user).get(
        reverse("placements:invitation_detail", args=[invitation.public_id])
    )
    assert page.status_code == 200
    assert f"{band} from {invitation.setting.name}" in page.text
    assert not any(figure in page.text for figure in in_page(invitation))


def test_the_borough_keeps_the_precise_distance(api_for, alice, far_invitation):
    shown = api_for(alice).get(f"{API}/{far_invitation.public_id}/").json()
    assert Decimal(shown["distance_km"]) == far_invitation.distance_km
