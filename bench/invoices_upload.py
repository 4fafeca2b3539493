"""Times a provider's CSV of 10,000 invoices (six lines each: 60,000 rows) through
`invoices_upload`, the service the upload page and the API call.

    DEBUG=true .venv/bin/python -m bench.invoices_upload [--invoices 10000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_invoices \\
        .venv/bin/python -m bench.invoices_upload

Runs in a throwaway test database (created and dropped by Django's test runner machinery): one
provider with as many placements as invoices, each at a fee of six lines, then one month's
invoice for each, a tenth of them a pound over (variances). Prints the time to build the data,
the upload's time and invoices a second. The issue's budget is 30 s for 10,000.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commissioning.settings")
os.environ.setdefault("DEBUG", "true")

SCHEDULE = {
    "education": Decimal("1000.00"),
    "care": Decimal("0.00"),
    "therapies": Decimal("150.00"),
    "one_to_one": Decimal("300.00"),
    "transport": Decimal("45.00"),
    "other": Decimal("25.00"),
}
PERIOD = (date(2026, 10, 1), date(2026, 10, 31))


def build_world(count: int):
    """A consortium, one lot, one provider and its user, `count` children placed with it."""
    from boroughs.choices import Role
    from boroughs.loading import consortium_load
    from boroughs.models import Borough
    from placements.models import Child, FeeChange, Placement
    from providers.models import Lot, Setting
    from tests.factories import UserFactory
    from tests.placements.fixtures import provider_with_user, send_day_lot_of, send_dps_build

    consortium = consortium_load()
    borough = Borough.objects.get(ons_code="E09000008")
    commissioner = UserFactory(borough=borough, role=Role.COMMISSIONER, with_mfa=False)
    lot: Lot = send_day_lot_of(send_dps_build(consortium))
    provider, provider_user = provider_with_user("bench@provider.example.org", "Bench Ltd", "0999")
    setting = Setting.objects.create(
        provider=provider, name="Bench School", establishment_type="10", age_low=5, age_high=19,
        capacity=count, vacancies=0, needs=["ASD"], weeks_offered=[52],
    )  # fmt: skip
    children = Child.objects.bulk_create(
        Child(borough=borough, reference=f"B-{n:06d}", date_of_birth=date(2014, 1, 1), sex="F",
              home_postcode="CR0 1AA", primary_need="ASD")
        for n in range(count)
    )  # fmt: skip
    weekly = sum(SCHEDULE.values())
    placements = Placement.objects.bulk_create(
        Placement(borough=borough, child=child, setting=setting, provider=provider, lot=lot,
                  weeks_per_year=52, starts_on=date(2026, 1, 5), agreed_weekly=weekly,
                  created_by=commissioner)
        for child in children
    )  # fmt: skip
    lines = {part: str(amount) for part, amount in SCHEDULE.items()}
    FeeChange.objects.bulk_create(
        FeeChange(placement=p, effective_from=p.starts_on, weekly_fee=weekly, lines=lines,
                  recorded_by=commissioner)
        for p in placements
    )  # fmt: skip
    return provider_user, placements


def invoices_csv(placements) -> bytes:
    """One month's invoice per placement, at the engine's expected charge; every tenth a
    pound over on education."""
    from placements.charges import expected_charges
    from placements.models import Placement

    start, end = PERIOD
    out = io.StringIO()
    out.write("invoice_number,placement_reference,period_start,period_end,part,amount\n")
    queryset = Placement.objects.filter(pk__in=[p.pk for p in placements])
    for n, charge in enumerate(expected_charges(queryset, start, end)):
        for part, amount in charge.by_part().items():
            if n % 10 == 0 and part == "education":
                amount += 1
            out.write(f"INV-{n:06d},PL-{charge.placement_id:06d},{start},{end},{part},{amount}\n")
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=10_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import setup_test_environment

    from placements.models import Invoice
    from placements.services import invoice_upload as _upload

    invoices_upload = _upload.invoices_upload
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        started = time.perf_counter()
        provider_user, placements = build_world(args.invoices)
        content = invoices_csv(placements)
        built = time.perf_counter() - started
        print(f"built {len(placements):,} placements and the CSV ({len(content) / 1e6:.1f} MB) "
              f"in {built:.1f} s")  # fmt: skip
        upload = SimpleUploadedFile("invoices.csv", content, content_type="text/csv")
        started = time.perf_counter()
        saved = invoices_upload(actor=provider_user, uploaded=upload)
        elapsed = time.perf_counter() - started
        variances = Invoice.objects.filter(status="variance").count()
        print(f"upload of {len(saved):,} invoices: {elapsed:.2f} s, "
              f"{len(saved) / elapsed:,.0f} invoices/s; {variances:,} variances; "
              f"database: {connection.vendor}")  # fmt: skip
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
