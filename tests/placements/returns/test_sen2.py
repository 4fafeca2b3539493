"""The SEN2 extract: a borough's SEND placements as the return's placement items, around census
day, and only to the borough's own council staff."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.models import ChildAccessLog
from placements.returns.sen2 import COLUMNS, census_date, current_collection
from providers.choices import LotKind

from .conftest import place

pytestmark = pytest.mark.django_db

CROYDON, BROMLEY = "E09000008", "E09000006"


def download(client, kind="sen2", **params):
    return client.get(reverse("placements:returns_download"), {"file": kind, **params})


def rows_of(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_census_day_is_the_third_thursday_of_january():
    assert census_date(2025) == date(2025, 1, 16)  # the DfE's own census day for 2025
    assert census_date(2026) == date(2026, 1, 15)
    assert census_date(2027) == date(2027, 1, 21)
    assert current_collection(date(2026, 12, 8)) == 2027
    assert current_collection(date(2026, 1, 15)) == 2026
    assert current_collection(date(2026, 1, 16)) == 2027


def test_the_extract_holds_each_placement_live_in_the_year_to_census_day(
    client_for, alice, sen2_year
):
    rows = rows_of(download(client_for(alice), sen2_year=2026))
    assert list(rows[0]) == list(COLUMNS)
    common = {"ChildReference": "CR-0042", "PersonBirthDate": "2010-03-14", "SENtype": "ASD"}
    assert [{k: row[k] for k in row if k not in common} for row in rows] == [
        {
            "URN": "",
            "UKPRN": "10012345",  # a post-16 institution known by its UKPRN alone
            "SENsetting": "",
            "EstablishmentType": "32",
            "PlacementRank": "1",
            "EntryDate": "2024-09-04",
            "LeavingDate": "2025-07-18",
            "AttendancePattern": "FT",
            "Residential": "Y",
            "SENtype2": "SLCN",
            "SettingName": "Vale College",
        },
        {
            "URN": "123456",
            "UKPRN": "",
            "SENsetting": "",
            "EstablishmentType": "10",
            "PlacementRank": "1",
            "EntryDate": "2025-09-03",
            "LeavingDate": "",
            "AttendancePattern": "FT",
            "Residential": "N",
            "SENtype2": "SLCN",
            "SettingName": "Hill School",
        },
        {
            "URN": "654321",
            "UKPRN": "",
            "SENsetting": "",
            "EstablishmentType": "",
            "PlacementRank": "2",  # therapies beside a school place
            "EntryDate": "2025-10-01",
            "LeavingDate": "",  # it ends after census day
            "AttendancePattern": "PT",
            "Residential": "N",
            "SENtype2": "SLCN",
            "SettingName": "Talk Therapy Centre",
        },
    ]
    assert all({k: row[k] for k in common} == common for row in rows)


def test_each_child_named_in_a_download_is_logged_and_the_page_logs_none(
    client_for, alice, sen2_year
):
    client = client_for(alice)
    page = client.get(reverse("placements:returns"), {"sen2_year": 2026})
    assert page.status_code == 200
    assert "Placements</dt>" in page.content.decode()
    assert not ChildAccessLog.objects.exists()
    download(client, sen2_year=2026)
    [log] = ChildAccessLog.objects.all()
    assert (log.user, log.child, log.what) == (
        alice,
        sen2_year["school"].child,
        "SEN2 extract 2026",
    )


def test_a_colleague_and_the_lead_analyst_take_it_and_others_cannot(
    client_for, bob, charlie, lead_analyst, provider_user, north_analyst, sen2_year
):
    assert len(rows_of(download(client_for(bob), sen2_year=2026))) == 3
    lead = client_for(lead_analyst)
    assert len(rows_of(download(lead, sen2_year=2026, borough=CROYDON))) == 3
    assert rows_of(download(lead, sen2_year=2026, borough=BROMLEY)) == []
    # Bromley's commissioner has only Bromley; another consortium's analyst has none of ours.
    assert download(client_for(charlie), sen2_year=2026, borough=CROYDON).status_code == 404
    assert rows_of(download(client_for(charlie), sen2_year=2026)) == []
    assert download(client_for(north_analyst), borough=CROYDON).status_code == 404
    assert download(client_for(provider_user)).status_code == 403


def test_a_year_not_offered_or_an_unknown_file_is_not_found(client_for, alice):
    client = client_for(alice)
    assert download(client, sen2_year=1999).status_code == 404
    assert download(client, sen2_year="twenty").status_code == 404
    assert download(client, kind="sen3").status_code == 404


def test_the_page_and_a_download_read_the_same_queries_whatever_the_placements(
    client_for, lead_analyst, sen2_year, sam, schools, lots, django_assert_max_num_queries
):
    client = client_for(lead_analyst)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("placements:returns"), {"sen2_year": 2026})
        download(client, sen2_year=2026)
    for month in range(1, 10):
        place(sam, schools[0], lots[LotKind.ISS_DAY], date(2025, month, 1), by=lead_analyst)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("placements:returns"), {"sen2_year": 2026})
        assert len(rows_of(download(client, sen2_year=2026))) == 12
