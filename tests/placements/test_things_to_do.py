"""The dashboard opens with "Things to do": counts of what waits for the signed-in user, each a
link to where it is done, the most pressing first, and nothing at zero."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def things_to_do(client) -> list[tuple[str, str]]:
    page = client.get(reverse("dashboard")).text
    block = page[page.index('id="things-to-do"') :]
    block = block[: block.index("</ul>")] if "</ul>" in block else ""
    return re.findall(r'<a class="govuk-link[^"]*" href="([^"]+)">([^<]+)</a>', block)


def test_a_commissioner_is_sent_to_the_offers_to_evaluate(evaluating_request, alice, client_for):
    todos = things_to_do(client_for(alice))
    assert todos[0] == (
        reverse("placements:request_list") + "?status=evaluating",
        "1 placement request with offers to evaluate",
    )


def test_a_provider_sees_requests_to_answer_and_nothing_at_zero(open_request, pat, client_for):
    todos = things_to_do(client_for(pat))
    url = reverse("placements:invitation_list") + "#awaiting"
    assert (url, "1 other placement request to answer") in todos  # closes in 14 days
    assert not any("closing within 7 days" in text for _, text in todos)


def test_nothing_waiting_says_so(alice, client_for):
    page = client_for(alice).get(reverse("dashboard")).text
    assert "Nothing is waiting for you." in page
