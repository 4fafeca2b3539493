"""Children's records: scoped to their borough, pseudonymised, and every view logged."""

from datetime import date

import pytest
from django.http import Http404

from placements.access import access_child
from placements.models import Child, ChildAccessLog, national_curriculum_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def croydon_child(croydon):
    return Child.objects.create(
        borough=croydon,
        reference="CR-0042",
        date_of_birth=date(2015, 10, 1),
        sex="M",
        home_postcode="cr01nx",
        primary_need="ASD",
    )


@pytest.mark.parametrize(
    "born,on,year",
    [
        (date(2015, 10, 1), date(2026, 11, 21), 6),  # autumn-born: oldest in the year
        (date(2016, 8, 31), date(2026, 11, 21), 6),  # summer-born: youngest in the same year
        (date(2016, 9, 1), date(2026, 11, 21), 5),  # a day later: the next cohort
        (date(2015, 10, 1), date(2027, 8, 31), 6),  # still year 6 on the last day of the year
        (date(2015, 10, 1), date(2027, 9, 1), 7),  # Year 7 from 1 September: a phase transfer
        (date(2010, 3, 5), date(2026, 11, 21), 12),  # 16 this spring: post-16
    ],
)
def test_the_national_curriculum_year_follows_the_english_school_year(born, on, year):
    assert national_curriculum_year(born, on) == year


def test_providers_and_other_boroughs_see_only_the_postcode_district(croydon_child):
    assert croydon_child.home_postcode == "CR0 1NX"
    assert croydon_child.postcode_district == "CR0"


def test_viewing_a_childs_record_is_logged_for_the_borough(croydon_child, alice):
    child = access_child(alice, croydon_child.public_id, what="record")
    assert child == croydon_child
    log = ChildAccessLog.objects.for_user(alice).get()
    assert (log.user, log.child, log.what) == (alice, croydon_child, "record")


def test_another_borough_gets_404_and_nothing_is_logged(croydon_child, charlie):
    with pytest.raises(Http404):
        access_child(charlie, croydon_child.public_id, what="record")
    assert not ChildAccessLog.objects.exists()
    assert not Child.objects.for_user(charlie).exists()


def test_a_provider_user_sees_no_children(croydon_child, provider_user):
    assert not Child.objects.for_user(provider_user).exists()
