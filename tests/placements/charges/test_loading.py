"""Expected charges read from the database: one placement, or many in a few queries."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from placements.charges import expected_charge, expected_charges
from placements.models import FeeChange, Placement, TermDates
from placements.term_dates import load_term_dates

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 10, 14)  # in Autumn 1 2026-27, which ends Friday 23 October


def started_on(placement, day: date):
    Placement.objects.filter(pk=placement.pk).update(starts_on=day)
    FeeChange.objects.filter(placement=placement).update(effective_from=day)
    placement.refresh_from_db()
    return placement


def copy_of(placement, **changes) -> Placement:
    fields = {
        f.name: getattr(placement, f.name)
        for f in Placement._meta.concrete_fields
        if f.name not in ("id", "public_id", "offer")
    }
    copy = Placement.objects.create(**{**fields, **changes})
    for fee in placement.fees.all():
        FeeChange.objects.create(
            placement=copy,
            effective_from=copy.starts_on,
            weekly_fee=fee.weekly_fee,
            lines=fee.lines,
            recorded_by=fee.recorded_by,
        )
    return copy


def test_a_placement_is_charged_each_line_of_its_offer_for_its_term_days(placement, consortium):
    # Education £1,400 and therapies £120 a week, 38 weeks, from Wednesday 14 October 2026:
    # 14-16 and 19-23 October are 8 term days. £1,400 x 8 / 5 = £2,240.00; £120 x 8 / 5 = £192.00.
    load_term_dates(consortium)
    started_on(placement, WEDNESDAY)
    result = expected_charge(placement, date(2026, 10, 1), date(2026, 10, 31))
    assert result.by_part() == {"education": Decimal("2240.00"), "therapies": Decimal("192.00")}
    assert result.total == Decimal("2432.00")


def test_charges_for_many_placements_take_a_few_queries_whatever_their_number(
    placement, consortium, django_assert_max_num_queries
):
    load_term_dates(consortium)
    started_on(placement, WEDNESDAY)
    for _ in range(4):
        copy_of(placement)
    copy_of(placement, starts_on=date(2026, 11, 2))  # not started in October: no charge
    with django_assert_max_num_queries(4):
        charges = list(
            expected_charges(Placement.objects.all(), date(2026, 10, 1), date(2026, 10, 31))
        )
    assert [c.total for c in charges] == [Decimal("2432.00")] * 5


def test_the_term_dates_are_loaded_once_and_an_admins_correction_is_kept(consortium):
    call_command("load_term_dates", stdout=StringIO())
    assert TermDates.objects.filter(consortium=consortium).count() == 18
    TermDates.objects.filter(academic_year=2026, half_term=1).update(starts_on=date(2026, 9, 2))
    assert load_term_dates(consortium) == 0
    assert TermDates.objects.get(academic_year=2026, half_term=1).starts_on == date(2026, 9, 2)


def test_charges_for_a_few_placements_far_apart_read_only_their_fees(placement, consortium):
    load_term_dates(consortium)
    started_on(placement, WEDNESDAY)
    copies = [copy_of(placement) for _ in range(4)]
    FeeChange.objects.filter(placement=copies[-1]).update(weekly_fee="1000.00", lines={})
    chosen = Placement.objects.filter(pk__in=[placement.pk, copies[-1].pk])
    charges = list(expected_charges(chosen, date(2026, 10, 1), date(2026, 10, 31)))
    # The last copy's fee is one amount: £1,000 x 8 / 5 = £1,600.00.
    assert [(c.placement_id, c.total) for c in charges] == [
        (placement.pk, Decimal("2432.00")),
        (copies[-1].pk, Decimal("1600.00")),
    ]
    assert charges[1].lines[0].part == "fee"


def test_a_run_over_many_placements_charges_each_as_its_own_page_does(placement, consortium):
    # A run takes a shorter road for a fee recorded as one amount; the lines must be the page's.
    load_term_dates(consortium)
    started_on(placement, WEDNESDAY)
    one_amount = [
        copy_of(
            placement,
            weeks_per_year=weeks,
            starts_on=starts_on,
            ends_on=ends_on,
            status="ended" if ends_on else "active",
        )
        for weeks, starts_on, ends_on in (
            (38, date(2026, 9, 1), None),
            (38, date(2026, 10, 7), date(2026, 10, 21)),  # across no half-term, ends mid-week
            (52, date(2026, 9, 1), None),
            (52, date(2026, 10, 10), date(2026, 10, 20)),
            (44, date(2026, 9, 1), date(2026, 10, 30)),
            (48, date(2026, 10, 31), None),  # one day, a Saturday
        )
    ]
    FeeChange.objects.filter(placement__in=one_amount).update(weekly_fee="1234.57", lines={})
    uplifted, unpriced, free = copy_of(placement), copy_of(placement), copy_of(placement)
    FeeChange.objects.create(
        placement=uplifted,
        effective_from=date(2026, 10, 19),
        weekly_fee="1600.00",
        lines={},
        recorded_by=placement.fees.first().recorded_by,
    )
    FeeChange.objects.filter(placement=unpriced).delete()  # charged its agreed fee
    FeeChange.objects.filter(placement=free).update(weekly_fee="0.00", lines={})
    october = (date(2026, 10, 1), date(2026, 10, 31))
    run = {c.placement_id: c.lines for c in expected_charges(Placement.objects.all(), *october)}
    assert len(run) == 10
    for each in Placement.objects.all():
        assert run[each.pk] == expected_charge(each, *october).lines, each.weeks_per_year
    assert run[free.pk] == ()
    assert {line.part for line in run[one_amount[0].pk]} == {"fee"}
