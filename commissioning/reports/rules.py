"""Who may ask for reports (boroughs.policy): the consortium's analysts. Which scope each may
ask for is the service's rule (a borough analyst: their own borough only)."""

from __future__ import annotations

from boroughs.choices import Role
from boroughs.policy import has_role, permission

MSG_NOT_ANALYST = "Only analysts can ask for reports"

permission("reports.add_run", has_role(Role.LEAD_ANALYST, Role.BOROUGH_ANALYST), MSG_NOT_ANALYST)
