"""The SSDA903 extract: a borough's care placements of looked-after children as episodes."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from placements.returns.ssda903 import COLUMNS, current_year, partial_postcode
from providers.choices import LotKind
from providers.models import Provider, Setting

from .conftest import child, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def care_year(alice, lots):
    charity = Provider.objects.create(legal_name="Oak Trust", charity_number="1123456")
    company = Provider.objects.create(legal_name="Homes Ltd", companies_house_number="09876543")
    oak = Setting.objects.create(
        provider=charity, name="Oak House", ofsted_urn="SC123456", postcode="SE25 4XY"
    )
    elm = Setting.objects.create(
        provider=company, name="Elm Fostering", ofsted_urn="SC654321", establishment_type="U4"
    )
    jo = child(alice.borough, "CR-0077", date(2011, 5, 1), looked_after=True, legal_status="C2")
    not_looked_after = child(alice.borough, "CR-0078", date(2011, 5, 2))
    home = lots[LotKind.CHILDRENS_HOME]
    first = place(
        jo,
        oak,
        home,
        date(2025, 2, 10),
        date(2025, 6, 30),
        by=alice,
        provision="residential",
        weeks=52,
        end_reason="X1",
    )
    place(jo, elm, lots[LotKind.FOSTERING], date(2025, 7, 1), by=alice, weeks=52, moved_from=first)
    place(not_looked_after, oak, home, date(2025, 5, 1), by=alice, weeks=52)


def test_each_care_placement_of_a_looked_after_child_is_an_episode(client_for, alice, care_year):
    response = client_for(alice).get(
        reverse("placements:returns_download"), {"file": "ssda903", "ssda903_year": 2026}
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == list(COLUMNS)
    assert rows == [
        {
            "CHILD": "CR-0077",
            "DECOM": "2025-02-10",
            "RNE": "",  # whether she started to be looked after is the case record's to say
            "LS": "C2",
            "CIN": "",
            "PLACE": "K2",  # the lot's usual type: the home gave none
            "PLACE_PROVIDER": "PR5",  # a charity
            "DEC": "2025-06-30",
            "REC": "X1",
            "REASON_PLACE_CHANGE": "",
            "HOME_POST": "CR0 2",
            "PL_POST": "SE25 4",
            "URN": "SC123456",
        },
        {
            "CHILD": "CR-0077",
            "DECOM": "2025-07-01",
            "RNE": "P",  # it followed her last placement
            "LS": "C2",
            "CIN": "",
            "PLACE": "U4",  # the setting's own SSDA903 type
            "PLACE_PROVIDER": "PR4",
            "DEC": "",
            "REC": "",
            "REASON_PLACE_CHANGE": "",
            "HOME_POST": "CR0 2",
            "PL_POST": "",
            "URN": "SC654321",
        },
    ]


def test_the_return_year_runs_april_to_march_and_postcodes_are_partial():
    assert current_year(date(2026, 3, 31)) == 2026
    assert current_year(date(2026, 4, 1)) == 2027
    assert partial_postcode("se25 4xy") == "SE25 4"
    assert partial_postcode("SE25") == ""


def test_a_placement_that_ended_before_the_year_is_left_out(client_for, alice, care_year):
    response = client_for(alice).get(
        reverse("placements:returns_download"), {"file": "ssda903", "ssda903_year": 2027}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["DECOM"] for row in rows] == ["2025-07-01"]
