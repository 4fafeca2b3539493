"""National price bands: loaded whole or not at all, and where each placement and offer sits."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placements.models import PriceBand, PriceBandSet
from placements.price_bands import current_set, where

pytestmark = pytest.mark.django_db

BANDS = """need_band,needs,price_band,weekly_min,weekly_max
Communication and interaction,ASD SLCN,1,900.00,1400.00
Communication and interaction,ASD SLCN,2,1400.01,2200.00
Social and emotional,SEMH,1,1000.00,2500.00
"""


def load(client, text: str, **extra):
    body = {
        "file": SimpleUploadedFile("bands.csv", text.encode(), content_type="text/csv"),
        "source": "DfE national price bands",
        "published_on_0": "1",
        "published_on_1": "9",
        "published_on_2": "2026",
        **extra,
    }
    return client.post(reverse("placements:price_bands"), body, follow=True)


def test_until_bands_are_loaded_pages_say_none_are(client_for, alice, placement):
    page = client_for(alice).get(reverse("placements:price_bands"))
    assert "No national price bands are loaded" in page.text
    detail = client_for(alice).get(
        reverse("placements:placement_detail", args=[placement.public_id])
    )
    assert "No national price bands are loaded" in detail.text


def test_an_admin_loads_bands_and_the_placement_shows_its_band(
    client_for, admin_user, alice, placement
):
    answer = load(client_for(admin_user), BANDS)
    assert "Price bands loaded" in answer.text
    assert PriceBand.objects.count() == 3
    # £1,520.00 a week for an autistic child: band 2 of communication and interaction.
    detail = client_for(alice).get(
        reverse("placements:placement_detail", args=[placement.public_id])
    )
    assert (
        "Communication and interaction, price band 2 (£1,400.01 to £2,200.00 a week)" in detail.text
    )
    request = client_for(alice).get(
        reverse("placements:request_detail", args=[placement.request.public_id])
    )
    assert "Communication and interaction, price band 2" in request.text


def test_a_bad_row_is_named_and_nothing_is_loaded(client_for, admin_user):
    text = BANDS + "Sensory,XYZ,1,abc,900\n"
    answer = load(client_for(admin_user), text)
    assert "Row 5: XYZ is not a need code; weekly_min is not an amount in pounds" in answer.text
    assert not PriceBandSet.objects.exists()


def test_a_fee_outside_every_band_says_which_side():
    band_set = PriceBandSet.objects.create(source="DfE", published_on="2026-09-01")
    PriceBand.objects.create(
        band_set=band_set, need_band="SEMH", needs=["SEMH"], price_band="1",
        weekly_min=D("1000.00"), weekly_max=D("2500.00"),
    )  # fmt: skip
    bands = current_set()
    assert where(D("2600.00"), "SEMH", bands).text.startswith("Above every price band of SEMH")
    assert where(D("999.99"), "SEMH", bands).text.startswith("Below every price band of SEMH")
    assert where(D("1200.00"), "ASD", bands).text == "No national price band covers ASD"


def test_only_an_admin_may_load_bands(client_for, alice):
    assert load(client_for(alice), BANDS).status_code == 403
    assert not PriceBandSet.objects.exists()
