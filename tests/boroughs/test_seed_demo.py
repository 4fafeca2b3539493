from io import StringIO

import pytest
from django.core.management import call_command

from boroughs.models import Borough, Consortium, RoleAssignment, Strand, User
from providers.models import Lot, Setting

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_leaves_exactly_the_consortium_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assert Borough.objects.count() == 12
    assert Consortium.objects.get().lead_borough.name == "Croydon"
    assert User.objects.count() == 6
    assert RoleAssignment.objects.count() == 6
    send, care = Strand.objects.get(kind="send"), Strand.objects.get(kind="care")
    assert send.boroughs.count() == 10
    assert care.boroughs.count() == 8
    assert {"Southwark", "Lambeth"} <= set(care.boroughs.values_list("name", flat=True))
    # The DPS: a lot per category and the real South London special schools, once each.
    assert Lot.objects.filter(dps__strand=send).count() == 6
    assert Lot.objects.filter(dps__strand=care).count() == 4
    assert Setting.objects.count() == 33  # 34 list rows; Brookways is on both lists
    assert Setting.objects.get(name="Baston House School").section41_status == "approved"


def test_seeded_boroughs_carry_their_real_codes(settings):
    call_command("seed_demo", stdout=StringIO())
    croydon = Borough.objects.get(name="Croydon")
    assert (croydon.ons_code, croydon.dfe_la_code) == ("E09000008", "306")
    assert Borough.objects.get(name="Greenwich").dfe_la_code == "203"


def test_demo_users_have_no_password_when_debug_is_off(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO())
    assert not User.objects.get(email="admin@example.org").has_usable_password()
