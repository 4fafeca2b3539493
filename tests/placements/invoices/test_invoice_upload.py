from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kernel.errors import DomainError
from placements import services
from placements.choices import InvoiceStatus
from placements.models import Invoice
from placements.services.invoice_upload import invoices_upload, payments_upload

from .helpers import expected_lines, month_of

pytestmark = pytest.mark.django_db

HEADER = "invoice_number,placement_reference,period_start,period_end,part,amount\n"


def csv_of(*rows: str, header: str = HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile("invoices.csv", (header + "\n".join(rows)).encode())


def rows_for(placement, charges_engine, number="INV-1", plus=Decimal("0")) -> list[str]:
    start, end = month_of(placement)
    return [
        f"{number},{placement.reference},{start},{end},{line.part},{line.amount}"
        for line in expected_lines(charges_engine, placement, start, end, plus=plus)
    ]


def test_rows_with_one_number_are_one_invoice_matched(pat, placement, charges_engine):
    rows = rows_for(placement, charges_engine) + rows_for(
        placement, charges_engine, "INV-2", Decimal("3.00")
    )
    saved = invoices_upload(actor=pat, uploaded=csv_of(*rows))
    assert len(saved) == 2
    by_number = {invoice.number: invoice for invoice in Invoice.objects.all()}
    assert by_number["INV-1"].status == InvoiceStatus.MATCHED
    assert by_number["INV-2"].status == InvoiceStatus.VARIANCE
    assert by_number["INV-1"].lines.count() == len(rows) // 2
    assert by_number["INV-1"].events.count() == 2


def test_a_placement_named_by_its_public_id_is_found(pat, placement, charges_engine):
    rows = [
        row.replace(placement.reference, str(placement.public_id))
        for row in rows_for(placement, charges_engine)
    ]
    assert len(invoices_upload(actor=pat, uploaded=csv_of(*rows))) == 1


def test_a_bad_row_names_its_row_and_column_and_nothing_is_saved(pat, placement, charges_engine):
    rows = [*rows_for(placement, charges_engine, "INV-1"), "INV-9,PL-999999,x,2027-01-31,care,12"]
    with pytest.raises(DomainError) as refused:
        invoices_upload(actor=pat, uploaded=csv_of(*rows))
    bad = len(rows) + 1
    assert f"Row {bad}, placement_reference: no placement of yours" in refused.value.message
    assert f"Row {bad}, period_start: enter a date" in refused.value.message
    assert not Invoice.objects.exists()


def test_an_amount_with_fractions_of_a_penny_is_refused(pat, placement, charges_engine):
    row = rows_for(placement, charges_engine)[0].rsplit(",", 1)[0] + ",12.345"
    with pytest.raises(DomainError, match="Row 2, amount"):
        invoices_upload(actor=pat, uploaded=csv_of(row))


def test_an_invoice_already_submitted_is_refused_naming_the_row(pat, placement, charges_engine):
    invoices_upload(actor=pat, uploaded=csv_of(*rows_for(placement, charges_engine)))
    rows = rows_for(placement, charges_engine, "INV-2") + rows_for(placement, charges_engine)
    first_duplicate = len(rows) // 2 + 2
    with pytest.raises(DomainError, match=f"Row {first_duplicate}, invoice_number: invoice INV-1"):
        invoices_upload(actor=pat, uploaded=csv_of(*rows))
    assert Invoice.objects.count() == 1


def test_one_number_twice_in_the_file_for_another_period_is_refused(pat, placement, charges_engine):
    row = rows_for(placement, charges_engine)[0]
    start, _ = month_of(placement)
    other = row.replace(f",{start},", f",{start.replace(day=2)},")
    with pytest.raises(DomainError, match="Row 3, invoice_number: invoice INV-1 is in row 2"):
        invoices_upload(actor=pat, uploaded=csv_of(row, other))


def test_another_providers_placement_is_not_found(olly, placement, charges_engine):
    with pytest.raises(DomainError, match="Row 2, placement_reference"):
        invoices_upload(actor=olly, uploaded=csv_of(*rows_for(placement, charges_engine)))


def test_a_missing_column_is_named(pat):
    with pytest.raises(DomainError, match="amount missing"):
        invoices_upload(actor=pat, uploaded=csv_of("a,b", header="invoice_number,part\n"))


def test_finance_payments_mark_approved_invoices_paid(alice, pat, placement, charges_engine):
    invoices_upload(actor=pat, uploaded=csv_of(*rows_for(placement, charges_engine)))
    invoice = Invoice.objects.get()
    services.invoice_approve(actor=alice, invoice=invoice)
    _, end = month_of(placement)
    name = placement.provider.legal_name
    payments = csv_of(
        f"INV-1,{name},{end},BACS-7,3.50",
        header="invoice_number,provider,paid_on,reference,late_interest\n",
    )
    assert payments_upload(actor=alice, uploaded=payments) == 1
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on, invoice.payment_reference) == ("paid", end, "BACS-7")
    assert invoice.late_interest == Decimal("3.50")


def test_a_payment_for_an_unknown_invoice_saves_nothing(alice, pat, placement, charges_engine):
    invoices_upload(actor=pat, uploaded=csv_of(*rows_for(placement, charges_engine)))
    invoice = Invoice.objects.get()
    services.invoice_approve(actor=alice, invoice=invoice)
    _, end = month_of(placement)
    name = placement.provider.legal_name
    payments = csv_of(
        f"INV-1,{name},{end},BACS-7",
        f"INV-404,{name},{end},BACS-8",
        header="invoice_number,provider,paid_on,reference\n",
    )
    with pytest.raises(DomainError, match="Row 3, invoice_number: no approved invoice INV-404"):
        payments_upload(actor=alice, uploaded=payments)
    assert Invoice.objects.get().status == InvoiceStatus.APPROVED


def test_a_large_file_is_read_by_a_worker_with_progress(
    client_for, pat, placement, charges_engine, django_capture_on_commit_callbacks, monkeypatch
):
    from django.urls import reverse

    from placements.models import InvoiceUpload
    from placements.services import invoice_jobs

    monkeypatch.setattr(invoice_jobs, "BACKGROUND_ROWS", 1)
    monkeypatch.setattr("placements.views.invoices.BACKGROUND_ROWS", 1)
    rows = rows_for(placement, charges_engine, "BIG-1") + rows_for(
        placement, charges_engine, "BIG-2"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(pat).post(
            reverse("placements:invoice_upload"), {"file": csv_of(*rows)}
        )
    upload = InvoiceUpload.objects.get()
    assert response.url == reverse("placements:invoice_upload_status", args=[upload.public_id])
    assert (upload.status, upload.invoices, upload.progress) == ("done", 2, 100)
    page = client_for(pat).get(response.url).content.decode()
    assert "2 invoices uploaded" in page
    assert Invoice.objects.count() == 2


def test_a_bad_large_file_fails_naming_the_row_and_saves_nothing(pat, placement, charges_engine):
    from placements.services.invoice_jobs import invoice_upload_run, invoice_upload_start

    rows = [*rows_for(placement, charges_engine), "X,PL-999999,2027-03-01,2027-03-31,care,1"]
    upload = invoice_upload_start(actor=pat, uploaded=csv_of(*rows))
    assert invoice_upload_run(upload_id=upload.pk) == "failed"
    upload.refresh_from_db()
    assert f"Row {len(rows) + 1}, placement_reference" in upload.error
    assert not Invoice.objects.exists()
    assert invoice_upload_run(upload_id=upload.pk) == "skipped"  # a second delivery does nothing


def test_an_uploaded_invoices_page_says_how_its_charge_was_worked_out(
    client_for, pat, placement, charges_engine
):
    from django.urls import reverse

    invoices_upload(actor=pat, uploaded=csv_of(*rows_for(placement, charges_engine)))
    invoice = Invoice.objects.get()
    page = client_for(pat).get(reverse("placements:invoice_detail", args=[invoice.public_id]))
    assert "Charged from" in page.content.decode()
