"""Who may use report runs, and the one way to fetch a run by its public id.

Analysts ask for reports: the lead borough's for any scope in their consortium, a borough's for
their own borough. Consortium admins may read and download the consortium's runs. Commissioners
and providers have no report pages (403) and find no runs (404).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from boroughs import policy
from boroughs.choices import Role

from .models import ReportRun

READER_ROLES = (Role.LEAD_ANALYST, Role.BOROUGH_ANALYST, Role.CONSORTIUM_ADMIN)
REQUESTER_ROLES = (Role.LEAD_ANALYST, Role.BOROUGH_ANALYST)


def may_read_reports(user) -> bool:
    return policy.actor_of(user).has_role(*READER_ROLES)


def may_request_reports(user) -> bool:
    return policy.may(user, "reports.add_run")


def sees_every_scope(user) -> bool:
    """Lead-borough analysts ask for any scope; a borough analyst only for their borough."""
    return user.has_role(Role.LEAD_ANALYST)


def access_run(actor, public_id) -> ReportRun:
    """The run if the actor may see its scope; the same 404 whether missing or not theirs."""
    return get_object_or_404(
        ReportRun.objects.for_user(actor).select_related(
            "consortium", "strand", "borough", "requested_by"
        ),
        public_id=public_id,
    )
