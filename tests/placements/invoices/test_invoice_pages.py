import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from placements.choices import InvoiceStatus
from placements.models import ChildAccessLog, Invoice, InvoiceExport

from ..placement_pages.helpers import date_parts
from .helpers import expected_lines, month_of, submit

pytestmark = pytest.mark.django_db


def url(name, invoice):
    return reverse(f"placements:{name}", kwargs={"public_id": invoice.public_id})


def test_a_provider_submits_an_invoice_from_the_page(client_for, pat, placement, charges_engine):
    start, end = month_of(placement)
    lines = expected_lines(charges_engine, placement, start, end)
    data = {
        "placement": str(placement.public_id),
        "number": "BF-100",
        **date_parts("period_start", start),
        **date_parts("period_end", end),
        **{f"line_{line.part}": str(line.amount) for line in lines},
    }
    response = client_for(pat).post(reverse("placements:invoice_submit"), data)
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and response.url == url("invoice_detail", invoice)
    page = client_for(pat).get(response.url).content.decode()
    assert "Invoice BF-100" in page and "Exact" in page
    assert "How the expected charge was worked out" in page and "Charged from" in page
    assert placement.child.reference not in page  # the provider never sees who the child is


def test_a_provider_uploads_a_csv_and_a_bad_row_is_named(client_for, pat, placement):
    header = "invoice_number,placement_reference,period_start,period_end,part,amount\n"
    content = (header + f"X-1,{placement.reference},2027-03-01,2027-03-31,education,abc\n").encode()
    upload = SimpleUploadedFile("invoices.csv", content, content_type="text/csv")
    response = client_for(pat).post(reverse("placements:invoice_upload"), {"file": upload})
    assert response.status_code == 200
    assert "Row 2, amount" in response.content.decode()
    assert not Invoice.objects.exists()


def test_the_commissioner_sees_the_variance_and_queries_it(
    client_for, alice, pat, placement, charges_engine
):
    from decimal import Decimal

    invoice = submit(pat, placement, charges_engine, plus=Decimal("20.00"))
    page = client_for(alice).get(url("invoice_detail", invoice)).content.decode()
    assert "£20.00 more" in page and placement.child.reference in page
    assert "Approve for payment" in page
    response = client_for(alice).post(
        url("invoice_decide", invoice), {"decision": "query", "reason": "Explain the £20"}
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.QUERIED
    provider_page = client_for(pat).get(url("invoice_detail", invoice)).content.decode()
    assert "Explain the £20" in provider_page and "Correct this invoice" in provider_page


def test_another_borough_and_another_provider_get_404(
    client_for, charlie, olly, pat, placement, charges_engine
):
    invoice = submit(pat, placement, charges_engine)
    for user in (charlie, olly):
        assert client_for(user).get(url("invoice_detail", invoice)).status_code == 404
    response = client_for(charlie).post(url("invoice_decide", invoice), {"decision": "approve"})
    assert response.status_code == 404


def test_a_provider_cannot_decide_on_its_invoice(client_for, pat, placement, charges_engine):
    invoice = submit(pat, placement, charges_engine)
    response = client_for(pat).post(url("invoice_decide", invoice), {"decision": "approve"})
    assert response.status_code == 403


def test_the_list_filters_by_status_and_the_export_is_logged(
    client_for, alice, pat, placement, charges_engine
):
    from placements import services

    approved = submit(pat, placement, charges_engine, number="A-1")
    submit(pat, placement, charges_engine, number="A-2")
    services.invoice_approve(actor=alice, invoice=approved)
    listed = client_for(alice).get(reverse("placements:invoice_list"), {"status": "approved"})
    text = listed.content.decode()
    assert "A-1" in text and "A-2" not in text
    start, end = month_of(placement)
    response = client_for(alice).post(
        reverse("placements:invoice_export"),
        {**date_parts("period_from", start), **date_parts("period_to", end)},
    )
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert body.startswith("invoice_number,supplier_name,supplier_reference")
    assert "A-1" in body and "A-2" not in body
    assert placement.child.reference in body and placement.child.name not in body
    assert InvoiceExport.objects.get().invoices == 1


@pytest.mark.parametrize("who", ["alice", "pat"])
def test_a_list_costs_the_same_queries_however_many_invoices(
    request, who, pat, placement, charges_engine, client_for
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = request.getfixturevalue(who)
    name = "invoice_list" if who == "alice" else "provider_invoice_list"
    client = client_for(user)
    submit(pat, placement, charges_engine, number="Q-0")
    client.get(reverse(f"placements:{name}"))  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(f"placements:{name}")).status_code == 200
    for n in range(1, 6):
        submit(pat, placement, charges_engine, number=f"Q-{n}")
    with CaptureQueriesContext(connection) as six:
        text = client.get(reverse(f"placements:{name}")).content.decode()
    assert "Q-5" in text
    assert len(six) == len(one)
    if who == "alice":  # the borough's list shows children's references: each view is logged
        assert ChildAccessLog.objects.filter(user=user, what="invoices list").exists()
