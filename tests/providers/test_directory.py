"""The provider directory: who may see it, its listing and its filters."""

import re
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boroughs.geo import Location, distance_km
from boroughs.models import Consortium, Outcode, Postcode, Strand
from providers.choices import ApplicationStatus, EnrolmentStatus, LotKind, Regime
from providers.forms import review as review_forms
from providers.models import (
    Application,
    DynamicPurchasingSystem,
    Enrolment,
    Lot,
    PriceLine,
    Setting,
)

from .conftest import inspect

pytestmark = pytest.mark.django_db


DIRECTORY = reverse("providers:directory")
DASHBOARD = reverse("providers:dps_dashboard")
CROYDON_CENTRE = (Decimal("51.37260"), Decimal("-0.09962"))  # CR0 1NX, Code-Point Open 2014


def make_setting(name, **fields):
    return Setting.objects.create(name=name, establishment_type="10", **fields)


def enrol(setting, lot, application, status=EnrolmentStatus.ENROLLED):
    """An enrolment made directly, as accreditation would leave it (setup for listing tests)."""
    price = PriceLine.objects.create(
        application=application,
        setting=setting,
        lot=lot,
        education=Decimal("1000.00"),
        weeks_per_year=38,
    )
    return Enrolment.objects.create(
        setting=setting, lot=lot, application=application, price=price, status=status
    )


@pytest.fixture
def croydon_postcodes(db):
    Postcode.objects.create(
        postcode="CR0 1NX", outcode="CR0", latitude=CROYDON_CENTRE[0], longitude=CROYDON_CENTRE[1]
    )
    Postcode.objects.create(
        postcode="BR1 1AB",
        outcode="BR1",
        latitude=Decimal("51.40627"),
        longitude=Decimal("0.01518"),
    )
    Outcode.objects.create(
        outcode="CR0", latitude=Decimal("51.373069"), longitude=Decimal("-0.076743")
    )


def names_in_order(response, *names):
    positions = [response.text.find(f">{name}</a>") for name in names]
    assert all(p >= 0 for p in positions), dict(zip(names, positions, strict=True))
    return positions == sorted(positions)


# --- Who may see what ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["provider_alice", "provider_olly"])
def test_provider_users_get_403_on_the_directory_dashboard_and_queue(
    client_for, request, who, setting
):
    client = client_for(request.getfixturevalue(who))
    assert client.get(DIRECTORY).status_code == 403
    assert client.get(DASHBOARD).status_code == 403
    assert (
        client.get(reverse("providers:setting_detail", args=[setting.public_id])).status_code == 403
    )
    assert client.get(reverse("providers:accreditation_queue")).status_code == 403


@pytest.mark.parametrize(
    "who", ["alice", "charlie", "bromley_analyst", "lead_analyst", "admin_user"]
)
def test_council_staff_in_any_borough_role_see_the_directory_and_dashboard(
    client_for, request, who, dps
):
    client = client_for(request.getfixturevalue(who))
    assert client.get(DIRECTORY).status_code == 200
    assert client.get(DASHBOARD).status_code == 200


def test_an_unknown_setting_is_404(client_for, alice):
    response = client_for(alice).get(reverse("providers:setting_detail", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_an_enrolment_on_another_consortiums_lot_is_404_and_hidden(
    client_for, reviewer, setting, provider_alice, dps
):
    other = Consortium.objects.create(name="North London Partnership", slug="north")
    strand = Strand.objects.create(consortium=other, kind="send", name="SEND", slug="send")
    other_dps = DynamicPurchasingSystem.objects.create(
        consortium=other,
        strand=strand,
        name="North London SEND DPS",
        regime=Regime.PCR_2015_DPS,
        starts_on=date(2020, 1, 1),
        ends_on=date(2030, 1, 1),
    )
    lot = Lot.objects.create(dps=other_dps, number=1, kind=LotKind.ISS_DAY, name="North day")
    application = Application.objects.create(
        provider=setting.provider, dps=other_dps, status=ApplicationStatus.ACCREDITED
    )
    enrolment = enrol(setting, lot, application)
    client = client_for(reviewer)
    response = client.post(
        reverse("providers:enrolment_suspend", args=[enrolment.public_id]),
        {f"suspend-{enrolment.public_id}-reason": "Checking"},
    )
    assert response.status_code == 404
    page = client.get(reverse("providers:setting_detail", args=[setting.public_id])).text
    assert "North day" not in page


# --- Listing and filters -------------------------------------------------------------------------


def test_the_directory_shows_each_settings_enrolment_status_per_lot(
    client_for, alice, accredited, day_lot, dps
):
    school = make_setting("Hillside School", needs=["ASD"])
    enrol(school, day_lot, accredited)
    residential = Lot.objects.get(dps=dps, kind=LotKind.ISS_RESIDENTIAL_38)
    enrol(school, residential, accredited, status=EnrolmentStatus.SUSPENDED)
    response = client_for(alice).get(DIRECTORY, {"need": "ASD"})
    assert "Hillside School" in response.text
    tags = re.findall(
        r'Lot (\d), [^<]*:\s*<strong class="govuk-tag[^"]*">(\w+)</strong>', response.text
    )
    assert tags == [("1", "Enrolled"), ("2", "Suspended")]


def test_the_need_filter_matches_whole_codes(client_for, alice, dps):
    make_setting("Severe Needs School", needs=["SLD"])
    make_setting("Profound Needs School", needs=["PMLD", "MSI"])
    make_setting("Autism School", needs=["ASD", "SLCN"])
    response = client_for(alice).get(DIRECTORY, {"need": "SLD"})
    assert "Severe Needs School" in response.text
    assert "Profound Needs School" not in response.text
    assert "Autism School" not in response.text
    assert "1 setting" in response.text


def test_the_lot_filter_shows_only_settings_enrolled_on_the_lot(
    client_for, alice, accredited, day_lot, dps
):
    enrol(make_setting("Enrolled School"), day_lot, accredited)
    enrol(make_setting("Suspended School"), day_lot, accredited, status=EnrolmentStatus.SUSPENDED)
    other_lot = Lot.objects.get(dps=dps, kind=LotKind.POST_16)
    enrol(make_setting("Post-16 College"), other_lot, accredited)
    response = client_for(alice).get(DIRECTORY, {"lot": day_lot.pk})
    assert "Enrolled School" in response.text
    assert "Suspended School" not in response.text
    assert "Post-16 College" not in response.text


def test_the_vacancy_filter_leaves_out_full_settings(client_for, alice, dps):
    make_setting("Open School", needs=["SEMH"], vacancies=2)
    make_setting("Full School", needs=["SEMH"], vacancies=0)
    response = client_for(alice).get(DIRECTORY, {"need": "SEMH", "has_vacancies": "on"})
    assert "Open School" in response.text
    assert "Full School" not in response.text


def test_the_type_and_ofsted_filters_use_the_latest_inspection(client_for, alice, dps):
    improved = make_setting("Improved School", needs=["HI"])
    inspect(improved, "Requires improvement", date(2019, 5, 1))
    inspect(improved, "Good", date(2023, 3, 1))
    declined = make_setting("Declined School", needs=["HI"])
    inspect(declined, "Good", date(2018, 5, 1))
    inspect(declined, "Requires improvement", date(2024, 1, 1))
    Setting.objects.create(name="Non-maintained School", establishment_type="08", needs=["HI"])
    client = client_for(alice)
    response = client.get(DIRECTORY, {"need": "HI", "ofsted": "Good"})
    assert "Improved School" in response.text
    assert "Declined School" not in response.text
    response = client.get(DIRECTORY, {"need": "HI", "setting_type": "08"})
    assert "Non-maintained School" in response.text
    assert "Improved School" not in response.text


def test_a_postcode_sorts_settings_nearest_first_with_their_distance(
    client_for, alice, dps, croydon_postcodes
):
    make_setting(
        "Far School", needs=["VI"], latitude=Decimal("51.50000"), longitude=Decimal("0.00000")
    )
    make_setting(
        "Near School", needs=["VI"], latitude=Decimal("51.37300"), longitude=Decimal("-0.10000")
    )
    # No coordinates of its own: placed by its postcode.
    make_setting("Bromley School", needs=["VI"], postcode="BR1 1AB")
    make_setting("Unplaced School", needs=["VI"], postcode="ZZ9 9ZZ")
    response = client_for(alice).get(DIRECTORY, {"need": "VI", "postcode": "cr01nx"})
    assert response.status_code == 200
    assert names_in_order(
        response, "Near School", "Bromley School", "Far School", "Unplaced School"
    )
    origin = Location(*CROYDON_CENTRE, "postcode")
    far = distance_km(origin, Location(Decimal("51.5"), Decimal("0"), "postcode"))
    assert f"{far} km" in response.text
    assert "nearest first" in response.text
    assert "Contains OS data" in response.text


def test_a_distance_limit_leaves_out_settings_further_away(
    client_for, alice, dps, croydon_postcodes
):
    make_setting(
        "Far School", needs=["VI"], latitude=Decimal("51.50000"), longitude=Decimal("0.00000")
    )
    make_setting(
        "Near School", needs=["VI"], latitude=Decimal("51.37300"), longitude=Decimal("-0.10000")
    )
    response = client_for(alice).get(
        DIRECTORY, {"need": "VI", "postcode": "CR0 1NX", "within": "5"}
    )
    assert "Near School" in response.text
    assert "Far School" not in response.text


def test_a_postcode_missing_from_the_data_uses_its_district(
    client_for, alice, dps, croydon_postcodes
):
    make_setting(
        "Near School", needs=["VI"], latitude=Decimal("51.37300"), longitude=Decimal("-0.10000")
    )
    response = client_for(alice).get(DIRECTORY, {"need": "VI", "postcode": "CR0 9ZZ"})
    assert response.status_code == 200
    assert "nearest first" in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"postcode": "not a postcode"}, review_forms.MSG_POSTCODE_SHAPE),
        ({"postcode": "ZZ9 9ZZ"}, review_forms.MSG_POSTCODE_UNKNOWN),
        ({"within": "5"}, review_forms.MSG_POSTCODE_FOR_DISTANCE),
    ],
)
def test_a_postcode_that_cannot_be_placed_is_shown_at_the_field(
    client_for, alice, dps, croydon_postcodes, query, message
):
    response = client_for(alice).get(DIRECTORY, query)
    assert response.status_code == 200
    assert "<title>Error: " in response.text
    assert message in response.text
    assert 'href="#id_postcode"' in response.text


def test_the_directory_shows_fifty_settings_a_page(client_for, alice, dps):
    for n in range(55):
        make_setting(f"Paged School {n:02d}", needs=["MSI"])
    client = client_for(alice)
    first = client.get(DIRECTORY, {"need": "MSI"})
    assert "55 settings" in first.text
    assert "Paged School 49" in first.text
    assert "Paged School 50" not in first.text
    assert "need=MSI&amp;page=2" in first.text
    second = client.get(DIRECTORY, {"need": "MSI", "page": 2})
    assert "Paged School 50" in second.text


def test_the_directory_query_count_does_not_grow_with_rows(
    client_for, alice, accredited, day_lot, croydon_postcodes, django_assert_max_num_queries
):
    def add_settings(count, start):
        for n in range(start, start + count):
            school = make_setting(
                f"Counted School {n:02d}",
                needs=["SEMH"],
                vacancies=1,
                postcode="CR0 1NX",
            )
            inspect(school, "Good", date(2022, 1, 1))
            inspect(school, "Outstanding", date(2024, 1, 1))
            enrol(school, day_lot, accredited)

    client = client_for(alice)
    query = {"need": "SEMH", "postcode": "CR0 1NX"}
    add_settings(3, 0)
    client.get(DIRECTORY, query)  # the session and the user are cached from here on
    with CaptureQueriesContext(connection) as three:
        assert "3 settings" in client.get(DIRECTORY, query).text
    add_settings(27, 3)
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(DIRECTORY, query)
    assert "30 settings" in response.text
