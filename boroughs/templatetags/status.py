"""`{% load status %}{% status_tag obj.status obj.get_status_display %}`: status tags are mapped
to colours in one place, here (templates/includes/_status_tag.html calls it too)."""

from django import template
from django.utils.html import format_html

register = template.Library()

# A status, as stored or as its lower-case label, and the GOV.UK tag colour it shows in.
_COLOURS = {
    "green": (
        "accepted",
        "agreed",
        "done",
        "active",
        "awarded",
        "accredited",
        "enrolled",
        "pass",
        "matched",
        "approved",
        "paid",
        "signed",
        "acknowledged",
    ),
    "blue": ("pending", "submitted", "open", "invited", "queued", "drafted", "proposed"),
    "light-blue": (
        "under_review",
        "under review",
        "evaluating",
        "offered",
        "running",
        "provider_signed",
        "provider_accepted",
    ),
    "yellow": (
        "clarification_requested",
        "clarification requested",
        "needs clarification",
        "needs_clarification",
        "suspended",
        "due soon",
        "queried",
        "variance",
    ),
    "red": ("disputed", "rejected", "fail", "failed", "overdue", "none_suitable", "unsuccessful"),
    "grey": (
        "expired",
        "revoked",
        "inactive",
        "draft",
        "removed",
        "incomplete",
        "cancelled",
        "declined",
        "withdrawn",
        "no_response",
        "ended",
        "superseded",
        "replaced",
    ),
}
COLOUR_OF = {status: colour for colour, statuses in _COLOURS.items() for status in statuses}


@register.simple_tag
def status_tag(status, label=None) -> str:
    """A GOV.UK tag showing `label` (or the status itself), coloured by the status."""
    shown = str(label or status or "")
    colour = COLOUR_OF.get(str(status))
    css = f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"
    return format_html('<strong class="{}">{}</strong>', css, shown[:1].upper() + shown[1:])
