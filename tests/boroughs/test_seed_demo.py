"""`manage.py seed_demo`: the consortium and its demo users, the DPS, then the placements demo.

The consortium and DPS layers are tested through their own seeds, which take a moment; the whole
command, which takes many seconds, runs in one test, twice, to show that a second run changes
nothing. What the placements demo holds is tested in tests/placements/test_demo.py.
"""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management import call_command

from boroughs import demo as boroughs_demo
from boroughs.demo import DEMO_USERS
from boroughs.models import Borough, Consortium, Postcode, RoleAssignment, Strand, User
from placements.matching import criteria_for, match_settings
from placements.models import PlacementRequest
from providers import demo as providers_demo
from providers.models import Lot, Setting

pytestmark = pytest.mark.django_db

DEMO_EMAILS = [user.email for user in DEMO_USERS]
SEEDED_APPS = ("boroughs", "providers", "placements", "account", "mfa")
POST_16_COLLEGES = {
    "Orchard Hill College",
    "Nash College",
    "The Michael Tippett College",
    "The Autism Project",
}


def seed_the_dps() -> None:
    providers_demo.seed_demo(consortium=Consortium.objects.get(slug="south-london"))


def dfe_list_settings():
    """The settings loaded from the DfE list: the placements demo adds care settings too."""
    return Setting.objects.exclude(laestab="")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for label in SEEDED_APPS
        for model in apps.get_app_config(label).get_models()
    }


def test_the_consortium_is_twelve_boroughs_led_by_croydon_in_two_strands():
    boroughs_demo.seed_demo()
    boroughs_demo.seed_demo()
    assert Borough.objects.count() == 12
    assert Consortium.objects.get().lead_borough.name == "Croydon"
    send, care = Strand.objects.get(kind="send"), Strand.objects.get(kind="care")
    assert send.boroughs.count() == 10
    assert care.boroughs.count() == 8
    assert {"Southwark", "Lambeth"} <= set(care.boroughs.values_list("name", flat=True))


def test_seeded_boroughs_carry_their_real_codes():
    boroughs_demo.seed_demo()
    croydon = Borough.objects.get(name="Croydon")
    assert (croydon.ons_code, croydon.dfe_la_code) == ("E09000008", "306")
    assert Borough.objects.get(name="Greenwich").dfe_la_code == "203"


def test_each_demo_user_is_seeded_once_with_their_role():
    boroughs_demo.seed_demo()
    boroughs_demo.seed_demo()
    assert User.objects.filter(email__in=DEMO_EMAILS).count() == len(DEMO_USERS) == 6
    roles = RoleAssignment.objects.filter(user__email__in=DEMO_EMAILS)
    assert set(roles.values_list("user__email", "role")) == {(u.email, u.role) for u in DEMO_USERS}
    assert roles.count() == 6


def test_demo_users_have_no_password_or_authenticator_when_debug_is_off(settings):
    settings.DEBUG = False
    boroughs_demo.seed_demo()
    users = User.objects.filter(email__in=DEMO_EMAILS)
    assert not any(user.has_usable_password() for user in users)
    assert not Authenticator.objects.filter(user__in=users).exists()


def test_the_dps_has_a_lot_per_category_and_each_real_school_once():
    boroughs_demo.seed_demo()
    seed_the_dps()
    seed_the_dps()
    send, care = Strand.objects.get(kind="send"), Strand.objects.get(kind="care")
    assert Lot.objects.filter(dps__strand=send).count() == 6
    assert Lot.objects.filter(dps__strand=care).count() == 4
    assert dfe_list_settings().count() == 33  # 34 list rows; Brookways is on both lists
    assert Setting.objects.get(name="Baston House School").section41_status == "approved"


def test_the_dfe_lists_post_16_colleges_load_as_special_post_16_institutions():
    boroughs_demo.seed_demo()
    seed_the_dps()
    post_16 = dfe_list_settings().filter(establishment_type="32")
    assert set(post_16.values_list("name", flat=True)) == POST_16_COLLEGES


def test_seed_demo_twice_changes_nothing_the_first_run_made(settings):
    settings.DEBUG = True
    settings.STORAGES = {  # the demo's evidence PDFs
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    call_command("seed_demo", stdout=StringIO())
    first = row_counts()
    second_output = StringIO()
    call_command("seed_demo", stdout=second_output)
    assert row_counts() == first
    # Every layer was seeded, and the demo users and schools are there once each.
    assert first["placements.Placement"] > 0
    assert first["placements.TermDates"] == 18  # 2025-26 to 2027-28: 38-week charges need them
    assert User.objects.filter(email__in=DEMO_EMAILS).count() == 6
    assert dfe_list_settings().count() == 33
    assert "commissioner.lambeth@example.org" in second_output.getvalue()
    lambeth = User.objects.get(email="commissioner.lambeth@example.org")
    assert lambeth.has_usable_password()  # DEBUG is on: a password and an authenticator
    assert Authenticator.objects.filter(user=lambeth).exists()
    # The one command is enough for matches to measure distances from children's homes.
    assert Postcode.objects.exists()
    for request in PlacementRequest.objects.order_by("pk")[:5]:
        assert criteria_for(request).home is not None, request.child.home_postcode
        distances = [row.distance_km for row in match_settings(request)[:5]]
        assert distances and None not in distances
