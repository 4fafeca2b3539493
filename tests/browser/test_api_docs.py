"""The API documentation page in real Chromium, under the portal's content security policy."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_lists_the_operations_under_the_content_security_policy(
    page, live_server
):
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if message.type == "error" else None
    )

    response = page.goto(f"{live_server.url}/api/docs/")

    assert "content-security-policy" in response.headers
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() > 20
    assert not [text for text in blocked if "Content Security Policy" in text], blocked
