"""Issue 16's "done when" for agreements, in real Chromium and through the pages alone: the
award has drafted the agreement; the provider signs it (check your answers, then a panel), the
commissioner counter-signs, and the signed PDF downloaded has the SHA-256 the page shows."""

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .dps_journey_steps import sign_in_with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign(page, name: str, button: str, assert_accessible) -> None:
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Your role or job title").fill("Headteacher")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before you sign")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=button).click()


def test_both_sides_sign_the_agreement_and_the_pdf_hash_matches(
    page, browser, live_server, alice, pat, placement, assert_accessible
):
    sign_in_with_mfa(page, live_server.url, pat, assert_accessible)
    page.goto(f"{live_server.url}/placements/our-placements/{placement.public_id}/")
    page.get_by_role("link", name=re.compile(r"IPA-\d{6}")).click()
    expect(
        page.get_by_role("heading", name=re.compile("Individual placement agreement"))
    ).to_be_visible()
    expect(page.get_by_text("Waiting for the provider to sign")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sign the agreement").click()
    assert_accessible(page)
    sign(page, "Pat Provider", "Sign the agreement", assert_accessible)
    expect(page.locator(".govuk-panel")).to_contain_text("Agreement signed")
    expect(page.get_by_text("Pat Provider, Headteacher")).to_be_visible()
    assert_accessible(page)
    agreement_url = page.url

    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    council = context.new_page()
    council.set_default_timeout(10_000)
    sign_in_with_mfa(council, live_server.url, alice, assert_accessible)
    council.goto(agreement_url)
    council.get_by_role("link", name="Counter-sign the agreement").click()
    sign(council, "Alice Commissioner", "Counter-sign the agreement", assert_accessible)
    expect(council.locator(".govuk-panel")).to_contain_text("Agreement counter-signed")
    council.reload()
    expect(council.get_by_text("Signed by both sides")).to_be_visible()
    shown = council.locator("#signed-sha256 code").inner_text().strip()
    with council.expect_download() as download:
        council.get_by_role("link", name="Download the signed agreement (PDF)").click()
    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == shown
    assert_accessible(council)
    context.close()
