"""The DPS dashboard: providers and settings per lot, and evidence about to expire."""

import csv
import io
import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from providers import services
from providers.choices import EvidenceType, LotKind
from providers.models import Application, EvidenceDocument, Lot

pytestmark = pytest.mark.django_db


DASHBOARD = reverse("providers:dps_dashboard")
# --- The dashboard -------------------------------------------------------------------------------


def lot_row(text, lot) -> list[str]:
    """The figures in the dashboard's row for a lot, as a reader sees them."""
    heading = f">{lot}</th>"
    row = text[text.index(heading) + len(heading) :]
    row = row[: row.index("</tr>")]
    return [re.sub(r"<[^>]+>", "", cell).split()[0] for cell in row.split("</td>")[:-1]]


def test_the_dashboard_counts_providers_and_settings_per_lot(
    client_for, alice, accredited_application, provider_olly, dps, day_lot
):
    draft = services.application_start(actor=provider_olly, dps=dps)
    services.application_update(actor=provider_olly, application=draft, lots=[day_lot])
    Application.objects.filter(pk=accredited_application.pk).update(
        submitted_at=timezone.make_aware(datetime(2026, 4, 2, 9)),  # Maundy Thursday
        decided_at=timezone.make_aware(datetime(2026, 4, 7, 9)),  # the Tuesday after Easter
    )
    text = client_for(alice).get(DASHBOARD).text
    # registered (Olly's draft too), accredited, settings enrolled, median working days
    assert lot_row(text, day_lot) == ["2", "1", "1", "1"]
    residential = Lot.objects.get(dps=dps, kind=LotKind.ISS_RESIDENTIAL_52)
    assert lot_row(text, residential) == ["0", "0", "0", "No"]
    assert "1 working day" in text


def test_the_lot_figures_download_as_csv_with_the_dps_and_lot(
    client_for, alice, accredited_application, dps, day_lot
):
    client = client_for(alice)
    assert "Download this table as CSV" in client.get(DASHBOARD).text
    response = client.get(DASHBOARD, {"download": "lots"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["DPS", "Lot", "Providers registered"]
    assert [dps.name, str(day_lot), "1", "1", "1"] in [row[:5] for row in rows]


def test_the_dashboard_lists_evidence_expiring_in_the_next_30_days(
    client_for, alice, accredited_application
):
    today = timezone.localdate()
    documents = accredited_application.documents
    documents.filter(evidence_type=EvidenceType.EMPLOYERS_LIABILITY).update(
        expires_on=today + timedelta(days=10)
    )
    documents.filter(evidence_type=EvidenceType.PUBLIC_LIABILITY).update(
        expires_on=today + timedelta(days=40)
    )
    response = client_for(alice).get(DASHBOARD)
    assert "Employer&#x27;s liability insurance" in response.text
    assert "Public liability insurance" not in response.text
    assert (today + timedelta(days=10)).strftime("%-d %B %Y") in response.text


def test_the_dashboard_leaves_out_evidence_already_replaced(
    client_for, alice, accredited_application
):
    today = timezone.localdate()
    old = accredited_application.documents.get(evidence_type=EvidenceType.EMPLOYERS_LIABILITY)
    EvidenceDocument.objects.filter(pk=old.pk).update(expires_on=today + timedelta(days=10))
    old.pk, old.id, old.public_id = None, None, uuid.uuid4()
    old.expires_on = today + timedelta(days=400)
    old.save()
    response = client_for(alice).get(DASHBOARD)
    assert "Employer&#x27;s liability insurance" not in response.text
