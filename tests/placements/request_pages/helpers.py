"""What the tests of the placement request pages share: constants and helpers that build rows and read pages."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from placements import services

from ..fixtures import request_fields

MSG_NOT_MET = "Select why mainstream and in-borough provision do not meet the need"


def url(name: str, obj) -> str:
    return reverse(f"placements:{name}", args=[obj.public_id])


def request_urls(placement_request) -> dict[str, str]:
    """Every request URL by name; the POST-only actions too."""
    names = ("request_detail", "request_edit", "request_matches", "request_cancel")
    urls = {name: url(name, placement_request) for name in names}
    urls["request_close"] = url("request_close", placement_request)
    return urls


def form_data(lot, **overrides) -> dict:
    """What a commissioner types into the request form (dates as day, month and year)."""
    today = timezone.localdate()
    start, deadline = today + timedelta(days=60), today + timedelta(days=14)
    data = {
        "lot": str(lot.pk),
        "required_start_on_0": str(start.day),
        "required_start_on_1": str(start.month),
        "required_start_on_2": str(start.year),
        "provision": "day",
        "weeks_per_year": "38",
        "needs_summary": "Autistic; needs a small class.",
        "budget_ceiling_weekly": "£1,800",
        "response_deadline_0": str(deadline.day),
        "response_deadline_1": str(deadline.month),
        "response_deadline_2": str(deadline.year),
        "mainstream_considered": "yes",
        "in_borough_considered": "yes",
        "not_met_reasons": ["needs_exceed_mainstream"],
        "phase_transfer": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_requests(alice, child, lot, count: int) -> None:
    for _ in range(count):
        services.request_create(actor=alice, child=child, **request_fields(lot))
