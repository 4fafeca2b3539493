"""The agreement's pages, for both sides: read, download (logged, the hash matches), sign with a
check of the answers then a confirmation panel, counter-sign; fee changes by variation."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from placements.models import AgreementDownload, ChildAccessLog

from ..placement_pages.helpers import date_parts
from .helpers import agreement_of, signed_agreement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]


def url(name: str, row) -> str:
    return reverse(f"placements:{name}", kwargs={"public_id": row.public_id})


def sign_through_pages(client, agreement, name: str, *, as_: str = "agreement_sign"):
    answers = {"name": name, "role": "Headteacher"}
    check = client.post(url(as_, agreement), answers)
    assert check.status_code == 200
    assert "Check your answers before you sign" in check.content.decode()
    return client.post(url(as_, agreement), {**answers, "confirm": "yes"}, follow=True)


def test_the_placement_page_links_to_its_agreement(client_for, alice, pat, placement):
    agreement = agreement_of(placement)
    for user, page in ((alice, "placement_detail"), (pat, "provider_placement_detail")):
        text = client_for(user).get(url(page, placement)).content.decode()
        assert url("agreement_detail", agreement) in text
        assert agreement.reference in text


def test_both_sides_read_the_agreement(client_for, alice, pat, placement):
    agreement = agreement_of(placement)
    for user in (alice, pat):
        text = client_for(user).get(url("agreement_detail", agreement)).content.decode()
        assert agreement.reference in text and placement.reference in text
        assert "Sam Example" not in text
        assert "Waiting for the provider to sign" in text
        assert ("CR-0042" in text) == (user == alice)  # the case reference is the council's
    assert ChildAccessLog.objects.filter(what__startswith="agreement IPA-").exists()


def test_another_borough_and_another_provider_get_404(client_for, charlie, olly, placement):
    agreement = agreement_of(placement)
    for user in (charlie, olly):
        for name in ("agreement_detail", "agreement_download", "agreement_sign"):
            assert client_for(user).get(url(name, agreement)).status_code == 404, (user, name)


def test_a_commissioner_cannot_open_the_providers_signature_page(client_for, alice, placement):
    response = client_for(alice).get(url("agreement_sign", agreement_of(placement)))
    assert response.status_code == 403


def test_a_provider_cannot_counter_sign(client_for, pat, placement):
    response = client_for(pat).get(url("agreement_countersign", agreement_of(placement)))
    assert response.status_code == 403


def test_the_provider_signs_then_the_council_counter_signs(
    client_for, alice, pat, placement, emails
):
    agreement = agreement_of(placement)
    page = sign_through_pages(client_for(pat), agreement, "Pat Provider")
    text = page.content.decode()
    assert "Agreement signed" in text and agreement.reference in text  # the panel
    assert "Pat Provider, Headteacher" in text

    with emails():
        page = sign_through_pages(
            client_for(alice), agreement, "Alice Commissioner", as_="agreement_countersign"
        )
    text = page.content.decode()
    assert "Agreement counter-signed" in text
    assert "The signed PDF is being prepared" in text  # the task runs once the signature commits
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    text = client_for(alice).get(url("agreement_detail", agreement)).content.decode()
    assert "being prepared" not in text
    assert agreement.signed_sha256 in text

    download = client_for(pat).get(url("agreement_download", agreement))
    assert download["Content-Type"] == "application/pdf"
    assert hashlib.sha256(download.content).hexdigest() == agreement.signed_sha256
    logged = AgreementDownload.objects.get()
    assert (logged.user, logged.sha256) == (pat, agreement.signed_sha256)


def test_a_signature_page_asks_for_a_name(client_for, pat, placement):
    response = client_for(pat).post(url("agreement_sign", agreement_of(placement)), {"role": "H"})
    assert response.status_code == 200
    assert "Enter your full name" in response.content.decode()


def test_signing_twice_is_refused_on_the_page(client_for, pat, placement):
    agreement = agreement_of(placement)
    sign_through_pages(client_for(pat), agreement, "Pat Provider")
    again = client_for(pat).post(
        url("agreement_sign", agreement), {"name": "Pat", "role": "H", "confirm": "yes"}
    )
    assert again.status_code == 409  # a wrong state, as the API answers (kernel.refusals)
    assert "This cannot be done while the agreement is" in again.content.decode()
    assert agreement.signatures.count() == 1


def test_the_pdf_is_being_prepared_until_it_is_rendered(client_for, alice, placement):
    agreement = agreement_of(placement)
    type(agreement).objects.filter(pk=agreement.pk).update(draft_sha256="", draft_pdf="")
    text = client_for(alice).get(url("agreement_detail", agreement)).content.decode()
    assert "being prepared" in text
    assert client_for(alice).get(url("agreement_download", agreement)).status_code == 404


def test_the_fee_page_leads_to_a_variation_under_an_agreement(client_for, alice, placement):
    response = client_for(alice).get(url("placement_fee_change", placement))
    assert response["Location"] == url("variation_propose", agreement_of(placement))


def test_a_fee_change_by_variation_changes_the_fee_only_once_signed(
    client_for, alice, pat, placement, emails
):
    agreement = signed_agreement(placement, pat, alice, emails)
    on = placement.starts_on + timedelta(days=14)
    proposed = client_for(alice).post(
        url("variation_propose", agreement),
        {
            "education": "1,450",
            "therapies": "130",
            **date_parts("effective_on", on),
            "reason": "Annual uplift",
        },
    )
    assert proposed["Location"] == url("agreement_detail", agreement)
    variation = agreement.variations.get()
    assert variation.weekly_fee == Decimal("1580.00")
    assert placement.fees.count() == 1

    text = client_for(pat).get(url("agreement_detail", agreement)).content.decode()
    assert url("variation_accept", variation) in text
    sign_through_pages(client_for(pat), variation, "Pat Provider", as_="variation_accept")
    assert placement.fees.count() == 1
    assert client_for(pat).get(url("variation_sign", variation)).status_code == 403

    page = sign_through_pages(client_for(alice), variation, "Alice C", as_="variation_sign")
    assert "Variation signed" in page.content.decode()
    new = placement.fees.get(effective_from=on)
    assert (new.weekly_fee, new.lines) == (
        Decimal("1580.00"),
        {"education": "1450.00", "therapies": "130.00"},
    )


def test_variation_pages_are_404_to_other_tenants(client_for, alice, charlie, olly, placement):
    agreement = agreement_of(placement)
    client_for(alice).post(
        url("variation_propose", agreement),
        {
            "education": "1500",
            **date_parts("effective_on", placement.starts_on + timedelta(days=7)),
            "reason": "Uplift",
        },
    )
    variation = agreement.variations.get()
    for user in (charlie, olly):
        for name in ("variation_accept", "variation_sign"):
            assert client_for(user).get(url(name, variation)).status_code == 404
    assert client_for(charlie).get(url("variation_propose", agreement)).status_code == 404


def test_a_consortium_admin_writes_a_new_template_version(client_for, admin_user, alice):
    create = reverse("placements:agreement_template_create")
    assert client_for(alice).get(create).status_code == 403
    form = client_for(admin_user).get(create + "?strand=send")
    assert form.status_code == 200
    initial = form.context["form"].initial
    response = client_for(admin_user).post(
        create,
        {**initial, "title": "Schools agreement, 2027 edition"},
    )
    assert response["Location"] == reverse("placements:agreement_template_list")
    text = client_for(alice).get(response["Location"]).content.decode()
    assert "Schools agreement, 2027 edition" in text


def test_the_provider_acknowledges_an_end(client_for, alice, pat, placement):
    from placements import services

    services.placement_end(
        actor=alice,
        placement=placement,
        ends_on=placement.starts_on + timedelta(days=9),
        reason="E8",
    )
    variation = agreement_of(placement).variations.get()
    form = client_for(pat).get(url("variation_accept", variation))
    assert "Acknowledge the notice" in form.content.decode()
    page = sign_through_pages(client_for(pat), variation, "Pat Provider", as_="variation_accept")
    assert "Notice acknowledged" in page.content.decode()
    variation.refresh_from_db()
    assert variation.status == "acknowledged"
