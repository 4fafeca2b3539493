"""Demo data for placements: priced settings, children, and three years of requests and placements.

Real: the schools (DfE's list of South London independent special schools, loaded by
providers.demo), each borough's EHC plans in January 2025 and their primary needs (DfE SEN2, in
data/), the children's home postcodes (OS Code-Point Open 2014, in boroughs/data/). Invented:
the provider organisations running those schools here (Companies House numbers 0800000x), their
prices, the care settings, the children and everything that happened to them. No Ofsted
judgement is invented for a real school: only the invented care settings have inspections.

Requests go through placements.services as each borough's commissioner and the providers' users
would; only their dates are moved into the past afterwards. Deterministic (one seeded
random.Random; dates relative to today), idempotent (a second run finds the demo providers and
stops), quiet (no emails: the history is told to nobody) and all or nothing.

Modules, in the order a seed uses them: data and words (the tables), users, settings (providers,
settings, enrolments), children, history (each request from draft to its end) with responses,
decisions and afterwards (the placement's life), and stamps (the dates, written last).
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from boroughs.models import Borough, User
from providers.models import Lot, Provider

from .. import notifications
from ..models import Child, Placement, PlacementRequest, RequestInvitation
from . import agreements, history
from .awaiting import APPLICANT, seed_awaiting_decision
from .children import demo_children
from .data import COMMISSIONER_NAMES, PROVIDERS, SEED, Geography
from .groups import seed_groups
from .invoices import seed_invoices
from .run import Run
from .settings import demo_providers, demo_settings
from .users import commissioner_email, commissioners, provider_users

__all__ = ["seed_demo", "summary"]


def seed_demo(*, seed: int = SEED, today: date | None = None) -> dict:
    """Seed the placements demo once; returns counts and the demo users it added."""
    # Back-dated history is news to nobody: the services queue no emails while it is written.
    with transaction.atomic(), notifications.muted():
        if not Provider.objects.filter(companies_house_number=PROVIDERS[0].number).exists():
            _seed(random.Random(seed), today or timezone.localdate())  # noqa: S311  not security
    return summary()


def _seed(rng: random.Random, today: date) -> None:
    boroughs = {b.ons_code: b for b in Borough.objects.select_related("consortium")}
    geo = Geography(set(boroughs))
    lots = {lot.kind: lot for lot in Lot.objects.select_related("dps__strand")}
    providers = demo_providers(rng, geo)
    seed_groups(providers, today)
    sites = demo_settings(rng, geo, boroughs, providers, lots, today)
    users = provider_users()
    children = demo_children(rng, geo, boroughs, today)
    run = Run(rng, today, lots, sites, providers["example"].pk, users, commissioners(boroughs))
    history.build(run, children)
    agreements.sign_some(run)
    seed_invoices(run)
    seed_awaiting_decision(geo, boroughs, lots, today)


def summary() -> dict:
    """What the demo holds: children, requests by status, invitations, placements, its users."""
    statuses = PlacementRequest.objects.values_list("status").annotate(n=Count("pk"))
    emails = (
        [p.user_email for p in PROVIDERS]
        + [commissioner_email(name) for name in COMMISSIONER_NAMES]
        + [APPLICANT["contact_email"]]
    )
    return {
        "children": Child.objects.count(),
        "requests": dict(statuses.order_by("status")),
        "invitations": RequestInvitation.objects.count(),
        "placements": Placement.objects.count(),
        "users": list(
            User.objects.filter(email__in=emails)
            .select_related("borough")
            .prefetch_related("role_assignments")
        ),
    }
