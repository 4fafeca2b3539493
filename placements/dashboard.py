"""The placements part of the home dashboard (registered by placements.apps).

Council staff see the work waiting for them and what the DPS has saved; a provider's users see
the invitations waiting for their answer. A few counts, each one query, all scoped.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from kernel.dashboard import Todo

from . import selectors
from .access import is_borough_staff, is_provider_user
from .choices import InvitationStatus, RequestStatus
from .models import Placement, PlacementRequest, RequestInvitation

TEMPLATE = "placements/dashboards/_panel.html"


def placements_dashboard_panel(request) -> dict | None:
    user = request.user
    if not user.is_authenticated:
        return None
    if is_borough_staff(user):
        return {"template": TEMPLATE, "for_council": True, **_council_figures(user)}
    if is_provider_user(user):
        awaiting = RequestInvitation.objects.for_user(user).filter(
            status=InvitationStatus.INVITED, request__status=RequestStatus.OPEN
        )
        return {
            "template": TEMPLATE,
            "for_council": False,
            "invitations_awaiting": awaiting.count(),
        }
    return None


def _council_figures(user) -> dict:
    requests = PlacementRequest.objects.for_user(user).aggregate(
        open=Count("pk", filter=Q(status=RequestStatus.OPEN)),
        evaluating=Count("pk", filter=Q(status=RequestStatus.EVALUATING)),
    )
    return {
        "open_requests": requests["open"],
        "awaiting_evaluation": requests["evaluating"],
        # Started by today: an awarded placement still to start is not active yet.
        "active_placements": Placement.objects.for_user(user).active().count(),
        "saving": selectors.savings_totals(actor=user)[0]["saving_vs_ceiling"],
    }


def placements_todos(request) -> list[Todo]:
    """A commissioner's offers to evaluate and requests closing this week; a provider's
    invitations waiting for an answer (those closing within a week counted apart)."""
    user = request.user
    soon = timezone.localdate() + timedelta(days=7)
    requests_url = reverse("placements:request_list")
    if is_borough_staff(user):
        counts = PlacementRequest.objects.for_user(user).aggregate(
            evaluating=Count("pk", filter=Q(status=RequestStatus.EVALUATING)),
            closing=Count("pk", filter=Q(status=RequestStatus.OPEN, response_deadline__lte=soon)),
        )
        return [
            Todo(counts["evaluating"], "placement request{s} with offers to evaluate",
                 f"{requests_url}?status=evaluating", order=10),
            Todo(counts["closing"], "placement request{s} closing to offers within 7 days",
                 f"{requests_url}?status=open", order=30),
        ]  # fmt: skip
    if is_provider_user(user):
        waiting = RequestInvitation.objects.for_user(user).filter(
            status=InvitationStatus.INVITED, request__status=RequestStatus.OPEN
        )
        counts = waiting.aggregate(
            all=Count("pk"), closing=Count("pk", filter=Q(request__response_deadline__lte=soon))
        )
        url = reverse("placements:invitation_list") + "#awaiting"
        return [
            Todo(counts["closing"], "placement request{s} to answer, closing within 7 days",
                 url, order=10),
            Todo(counts["all"] - counts["closing"], "other placement request{s} to answer", url,
                 order=40),
        ]  # fmt: skip
    return []
