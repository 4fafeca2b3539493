"""What the tests of the placements API share: constants and helpers that build rows and read pages."""

from datetime import timedelta

from django.utils import timezone

API = "/api/v1/placements"


def ids(response) -> list[str]:
    return [row["id"] for row in response.json()["results"]]


def days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def request_body(child, **overrides) -> dict:
    return {
        "child": str(child.public_id),
        "lot": "iss_day",
        "required_start_on": days(60),
        "needs_summary": "Autistic; needs a small class and a predictable routine.",
        "risks": "Can leave the classroom when anxious.",
        "budget_ceiling_weekly": "1800.00",
        "response_deadline": days(14),
        "mainstream_considered": True,
        "in_borough_considered": True,
        "not_met_reasons": ["needs_exceed_mainstream", "no_local_place"],
        **overrides,
    }


def offer_body(education: str) -> dict:
    return {
        "education": education,
        "therapies": "120.00",
        "weeks_per_year": 38,
        "proposed_start_on": days(60),
    }
