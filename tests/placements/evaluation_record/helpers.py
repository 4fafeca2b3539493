"""What the tests of the evaluation record (issue 13) share: constants and helpers that build rows and read pages."""

from __future__ import annotations

import re

from django.urls import reverse

from placements import services


def page_url(name: str, placement_request, *extra) -> str:
    return reverse(f"placements:{name}", args=[placement_request.public_id, *extra])


def table(page: str) -> list[tuple[str, list[str]]]:
    """Every line of the side-by-side table: its label and its cells, in order."""
    body = re.search(r'<table class="govuk-table">(.*?)</table>', page, re.S).group(1)
    lines = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        lines.append((cells[0], cells[1:]))
    return lines


def line(page: str, label: str) -> list[str]:
    return dict(table(page))[label]


def invitation_at(placement_request, setting):
    return placement_request.invitations.get(setting=setting)


def rate_all(alice, placement_request, ratings: dict) -> None:
    for setting, needs_fit in ratings.items():
        offer = invitation_at(placement_request, setting).offer
        services.offer_rate(actor=alice, offer=offer, needs_fit=needs_fit)
