"""The national-scale generator at a tiny scale, so it cannot rot between benchmark runs."""

import pytest
from django.db.models import F

from bench.national.shape import LEAD_ANALYST_EMAIL, commissioner_email
from bench.national_scale import generate
from boroughs.mfa import mfa_satisfied
from boroughs.models import Borough, Outcode, User
from placements.matching import match_settings
from placements.models import Child, FeeChange, Placement, PlacementRequest, RequestInvitation
from providers.models import Enrolment, Inspection, PriceLine, Provider, Setting

from .factories import consortium_unload

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tiny_country(module_db):
    """Generated once for the module (the tests read it; each rolls back what it changes)."""
    with module_db.unblock():
        consortium_unload()  # the generator expects an empty database
        return generate(scale=0.001, boroughs=3, seed=7, progress=False)


def test_the_generator_loads_every_table_in_proportion_to_the_scale(tiny_country):
    assert Borough.objects.count() == 3
    assert Outcode.objects.filter(outcode__regex=r"^[QVX]").count() == 18
    assert Child.objects.count() == 640
    assert Provider.objects.count() == 5
    assert Setting.objects.count() == 20
    assert Placement.objects.count() == 150
    assert PlacementRequest.objects.count() == 20
    assert Enrolment.objects.count() == PriceLine.objects.count() > 0
    assert Inspection.objects.exists()
    assert RequestInvitation.objects.exists()
    # Every placement starts with its agreed fee; some have uplifts since.
    assert FeeChange.objects.values("placement").distinct().count() == 150
    assert FeeChange.objects.count() > 150
    assert tiny_country["placements_child"][0] == 640


def test_generated_placements_belong_to_their_childs_borough_and_name_a_provider(tiny_country):
    mismatched = Placement.objects.exclude(child__borough=F("borough"))
    assert not mismatched.exists()
    assert not Placement.objects.filter(provider__isnull=True).exists()
    assert not Placement.objects.filter(status="ended", ends_on__isnull=True).exists()


def test_generated_staff_can_sign_in_past_mfa(tiny_country):
    borough = Borough.objects.order_by("dfe_la_code").first()
    for email in (LEAD_ANALYST_EMAIL, commissioner_email(borough.ons_code)):
        assert mfa_satisfied(User.objects.get(email=email))


def test_matching_finds_settings_for_generated_requests(tiny_country):
    found = [len(match_settings(request)[:50]) for request in PlacementRequest.objects.all()]
    assert sum(found) > 0


def test_the_generator_refuses_to_load_twice(tiny_country):
    with pytest.raises(SystemExit, match="pass --reset"):
        generate(scale=0.001, boroughs=3, progress=False)


def test_reset_reloads_the_same_counts(tiny_country):
    generate(scale=0.001, boroughs=3, seed=7, reset=True, progress=False)
    assert Child.objects.count() == 640
    assert Placement.objects.count() == 150
    assert Borough.objects.count() == 3


def test_the_charges_bench_charges_the_placements_the_bare_query_sums(tiny_country):
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from bench.charges import bare, engine, month_of

    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    first, last = month_of(f"{last_month:%Y-%m}")
    charged, total = engine(first, last)
    assert charged > 0
    assert total > 0
    if connection.vendor == "postgresql":  # the bare pass is PostgreSQL's SQL
        assert bare(first, last)[0] == charged
