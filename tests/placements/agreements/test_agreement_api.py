"""The agreements API: both sides read, each side signs its part (403 for the other side, 404
for other tenants, 409 for signing twice), and fee changes go through variations."""

from __future__ import annotations

from datetime import timedelta

import pytest

from .helpers import agreement_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

API = "/api/v1/placements"
SIGNER = {"name": "Pat Provider", "role": "Headteacher"}


def agreement_url(agreement, tail: str = "") -> str:
    return f"{API}/agreements/{agreement.public_id}/{tail}"


def test_both_sides_read_the_agreement(api_for, alice, pat, placement):
    agreement = agreement_of(placement)
    for user in (alice, pat):
        body = api_for(user).get(agreement_url(agreement)).json()
        assert (body["reference"], body["status"]) == (agreement.reference, "drafted")
        assert body["template_version"] == 1
        assert body["draft_sha256"] == agreement.draft_sha256
        assert body["content"]["weekly_fee"] == "1520.00"
        assert ("child_reference" in body["content"]) == (user == alice)
    listed = api_for(pat).get(f"{API}/agreements/").json()["results"]
    assert [row["id"] for row in listed] == [str(agreement.public_id)]


def test_other_tenants_get_404(api_for, charlie, olly, placement):
    agreement = agreement_of(placement)
    for user in (charlie, olly):
        api = api_for(user)
        assert api.get(agreement_url(agreement)).status_code == 404
        assert api.post(agreement_url(agreement, "sign/"), SIGNER).status_code == 404
        assert api.post(agreement_url(agreement, "countersign/"), SIGNER).status_code == 404
        assert api.get(agreement_url(agreement, "variations/")).status_code == 404
        assert api.get(f"{API}/agreements/").json()["results"] == []


def test_each_side_signs_only_its_part_and_only_once(api_for, alice, pat, placement):
    agreement = agreement_of(placement)
    assert api_for(alice).post(agreement_url(agreement, "sign/"), SIGNER).status_code == 403
    assert api_for(pat).post(agreement_url(agreement, "countersign/"), SIGNER).status_code == 403

    signed = api_for(pat).post(agreement_url(agreement, "sign/"), SIGNER)
    assert signed.status_code == 200
    assert signed.json()["status"] == "provider_signed"
    [signature] = signed.json()["signatures"]
    assert (signature["name"], signature["sha256"]) == ("Pat Provider", agreement.draft_sha256)
    assert api_for(pat).post(agreement_url(agreement, "sign/"), SIGNER).status_code == 409

    counter = api_for(alice).post(agreement_url(agreement, "countersign/"), SIGNER)
    assert counter.json()["status"] == "signed"
    assert api_for(alice).post(agreement_url(agreement, "countersign/"), SIGNER).status_code == 409


def test_a_fee_change_is_proposed_accepted_and_signed(api_for, alice, pat, placement):
    agreement = agreement_of(placement)
    on = (placement.starts_on + timedelta(days=20)).isoformat()
    direct = api_for(alice).post(
        f"{API}/placements/{placement.public_id}/fee-change/",
        {"effective_from": on, "weekly_fee": "1600.00", "reason": "Uplift"},
        format="json",
    )
    assert direct.status_code == 409

    proposed = api_for(alice).post(
        agreement_url(agreement, "variations/"),
        {"effective_on": on, "education": "1480.00", "therapies": "120.00", "reason": "Uplift"},
        format="json",
    )
    assert proposed.status_code == 201, proposed.json()
    variation = proposed.json()
    assert (variation["weekly_fee"], variation["status"]) == ("1600.00", "proposed")
    assert api_for(pat).post(agreement_url(agreement, "variations/"), {}).status_code == 403

    url = f"{API}/variations/{variation['id']}/"
    assert api_for(alice).post(url + "sign/", SIGNER).status_code == 409
    assert api_for(alice).post(url + "accept/", SIGNER).status_code == 403
    assert api_for(pat).post(url + "accept/", SIGNER).json()["status"] == "provider_accepted"
    assert api_for(pat).post(url + "sign/", SIGNER).status_code == 403
    assert api_for(alice).post(url + "sign/", SIGNER).json()["status"] == "signed"

    fees = api_for(alice).get(f"{API}/placements/{placement.public_id}/").json()["fees"]
    assert [fee["weekly_fee"] for fee in fees] == ["1520.00", "1600.00"]
    listed = api_for(pat).get(agreement_url(agreement, "variations/")).json()
    assert [row["status"] for row in listed] == ["signed"]


def test_variations_are_404_to_other_tenants(api_for, alice, charlie, olly, placement):
    agreement = agreement_of(placement)
    on = (placement.starts_on + timedelta(days=20)).isoformat()
    made = api_for(alice).post(
        agreement_url(agreement, "variations/"),
        {"effective_on": on, "education": "1500.00", "reason": "Uplift"},
        format="json",
    )
    url = f"{API}/variations/{made.json()['id']}/"
    for user in (charlie, olly):
        assert api_for(user).get(url).status_code == 404
        assert api_for(user).post(url + "accept/", SIGNER).status_code == 404
        assert api_for(user).post(url + "sign/", SIGNER).status_code == 404


def test_the_pdf_is_downloaded_and_logged(api_for, pat, charlie, placement):
    import hashlib

    from placements.models import AgreementDownload

    agreement = agreement_of(placement)
    response = api_for(pat).get(agreement_url(agreement, "pdf/"))
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == agreement.draft_sha256
    assert AgreementDownload.objects.get().user == pat
    assert api_for(charlie).get(agreement_url(agreement, "pdf/")).status_code == 404
