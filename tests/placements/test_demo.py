"""The placements demo: `manage.py seed_demo` gives every placements page something true to show.

Seeding takes a while, so it runs once for the module (inside a transaction rolled back at the
end, with DEBUG off and the fast test password hasher) and each test reads what it left, in its
own savepoint. The whole command's idempotence is tested in tests/boroughs/test_seed_demo.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from boroughs.models import Borough, Strand, User
from commissioning.celery import app as celery_app
from placements import demo, notifications, selectors
from placements.choices import InvitationStatus, RequestStatus
from placements.demo.data import PLANS_PER_CHILD, ehc_plans_2025
from placements.models import (
    Child,
    InvitationEvent,
    OfferQuestion,
    Placement,
    PlacementRequest,
    RequestEvent,
    RequestInvitation,
)
from placements.standard import schema as standard_schema
from placements.standard.export import export_for
from providers.choices import (
    EXPIRING_EVIDENCE,
    REQUIRED_EVIDENCE,
    ApplicationStatus,
    EnrolmentStatus,
)
from providers.models import Application, Enrolment, EvidenceDocument, Inspection, Setting
from providers.services import evidence_expiry_check

# The demo is seeded once for the module (`seeded`): on one xdist worker, not once on each.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_demo")]

CROYDON = "E09000008"
# Every query of the whole command on a fresh database: about 13,050 for the consortium, DPS and
# placements and 15,300 for the peer network and outcomes (about 490 returns, each submitted and
# decided through the services), nearly all the services' own: each transition locks, updates
# and logs a row. Since agreements, about 4,500 more: an agreement drafted at each award and
# move, and each April uplift a variation proposed, accepted and signed by both sides. Since
# invoices, about 3,000 more: 36 placements' last three months invoiced, matched against the
# charges engine, decided and paid through the services.
QUERY_BUDGET = 39_000  # and about 530 loading the postcodes in batches
IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


@dataclass
class Seeded:
    summary: dict
    seconds: float
    queries: int
    notifications_queued: int  # on-commit callbacks from placements.notifications
    emails_sent: list  # once every on-commit callback has run, as a commit would run them


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    # The autouse fast-password fixture is per test: a module's fixture asks for it itself.
    fast_passwords = override_settings(
        DEBUG=False,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={**settings.STORAGES, "default": IN_MEMORY},  # the demo's evidence PDFs
    )
    celery_app.conf.task_always_eager = True  # an email queued would be sent here and now
    with django_db_blocker.unblock(), transaction.atomic(), fast_passwords:
        started, queries, outbox = time.perf_counter(), QueryCounter(), len(mail.outbox)
        with (
            connection.execute_wrapper(queries),
            TestCase.captureOnCommitCallbacks(execute=True) as callbacks,
        ):
            call_command("seed_demo", stdout=StringIO())
        seconds = time.perf_counter() - started
        yield Seeded(
            summary=demo.summary(),
            seconds=seconds,
            queries=queries.count,
            notifications_queued=sum(c.__module__ == notifications.__name__ for c in callbacks),
            emails_sent=mail.outbox[outbox:],
        )
        transaction.set_rollback(True)


def test_every_send_borough_has_children_and_croydon_has_the_most(seeded):
    send = Strand.objects.get(kind="send").boroughs.all()
    counts = dict(
        Child.objects.filter(looked_after=False)
        .values_list("borough__name")
        .annotate(n=Count("pk"))
    )
    assert set(counts) == {borough.name for borough in send}
    assert max(counts, key=counts.get) == "Croydon"
    assert min(counts, key=counts.get) == "Kingston upon Thames"  # 1,958 plans, the fewest


def test_children_are_the_real_ehc_plans_scaled_down(seeded):
    plans = ehc_plans_2025()
    assert plans[CROYDON] == 5232  # DfE SEN2, January 2025
    croydon = Borough.objects.get(ons_code=CROYDON)
    send_children = Child.objects.filter(borough=croydon, looked_after=False).count()
    assert send_children == round(5232 / PLANS_PER_CHILD) == 65
    assert 380 <= Child.objects.filter(looked_after=False).count() <= 420


def test_children_have_no_names_and_references_of_their_borough(seeded):
    assert not Child.objects.exclude(name="").exists()
    croydon_refs = Child.objects.filter(borough__ons_code=CROYDON).values_list(
        "reference", flat=True
    )
    assert all(ref.startswith("CRO-") and len(ref) == 10 for ref in croydon_refs)


def test_about_seven_in_ten_children_are_boys(seeded):
    boys = Child.objects.filter(sex="M").count() / Child.objects.count()
    assert 0.62 <= boys <= 0.78


def test_looked_after_children_live_in_care_boroughs_with_a_legal_status(seeded):
    looked_after = Child.objects.filter(looked_after=True)
    assert set(looked_after.values_list("borough__name", flat=True)) == {
        "Southwark",
        "Lambeth",
        "Croydon",
    }
    assert not looked_after.filter(legal_status="").exists()


def test_requests_reach_every_status(seeded):
    assert set(seeded.summary["requests"]) == set(RequestStatus.values)
    assert 140 <= seeded.summary["placements"] <= 160
    not_awarded = PlacementRequest.objects.exclude(status=RequestStatus.AWARDED).count()
    assert 35 <= not_awarded <= 45


def test_each_borough_request_was_made_by_its_own_commissioner(seeded):
    assert not PlacementRequest.objects.exclude(created_by__borough=F("borough")).exists()


def test_invitations_and_placements_know_their_distance_without_loaded_postcodes(seeded):
    assert RequestInvitation.objects.exists()
    assert not RequestInvitation.objects.filter(distance_km__isnull=True).exists()
    assert not Placement.objects.filter(distance_km__isnull=True).exists()


def test_placements_save_money_in_each_of_the_last_three_financial_years(seeded):
    lead = User.objects.get(email="lead.analyst@example.org")
    years = {row["financial_year"]: row for row in selectors.savings_totals(actor=lead, by="year")}
    this_year = timezone.localdate().year - (timezone.localdate().month < 4)
    for year in (this_year - 2, this_year - 1, this_year):
        assert years[year]["placements"] > 0
        assert years[year]["saving_vs_ceiling"] > 0
    assert Placement.objects.filter(spot_weekly__isnull=False).exists()


def test_the_demos_placements_data_standard_export_validates(seeded):
    lead = User.objects.get(email="lead.analyst@example.org")
    built = export_for(lead, "consortium")
    assert standard_schema.problems(built.document) == []
    placed = [r for r in built.records if "ActualPlacement" in r]
    care = PlacementRequest.objects.filter(strand__kind="care")
    assert (len(built.records), built.incomplete) == (care.count(), 0)
    assert len(placed) >= 5
    assert {r["ActualPlacement"]["placementType"] for r in placed} >= {"Foster", "Residential"}


def test_placements_have_uplifts_ends_and_moves(seeded):
    placements = Placement.objects.annotate(fee_count=Count("fees"))
    assert placements.filter(fee_count__gt=1).exists()
    assert placements.filter(status="ended").exclude(end_reason="X1").exists()
    assert Placement.objects.filter(moved_from__isnull=False).exists()


def test_every_placement_has_an_agreement_and_uplifts_are_signed_variations(seeded):
    from placements.models import AgreementVariation, PlacementAgreement

    assert PlacementAgreement.objects.count() == Placement.objects.count()
    uplifts = AgreementVariation.objects.filter(kind="fee_change")
    assert uplifts.exists() and not uplifts.exclude(status="signed").exists()
    assert AgreementVariation.objects.filter(kind="end").exists()
    signed = PlacementAgreement.objects.filter(status="signed")
    assert signed.count() == 12
    assert not signed.filter(signed_sha256="").exists()


def test_day_fees_are_in_the_range_councils_pay(seeded):
    day = Placement.objects.filter(lot__kind="iss_day", moved_from__isnull=True)
    assert not day.filter(Q(ceiling_weekly__lt=900) | Q(ceiling_weekly__gt=2200)).exists()
    assert not day.filter(agreed_weekly__lt=Decimal("700")).exists()
    residential = Placement.objects.filter(lot__kind="iss_res_52")
    assert not residential.filter(Q(ceiling_weekly__lt=3500) | Q(ceiling_weekly__gt=6500)).exists()


def test_a_few_offers_are_over_the_ceiling(seeded):
    invitations = RequestInvitation.objects.filter(offer__isnull=False).select_related("offer")
    over = sum(1 for inv in invitations if inv.offer.weekly_fee > inv.ceiling_weekly)
    assert 0 < over < invitations.count() / 4


def test_the_demo_provider_user_has_invitations_to_answer(seeded):
    pat = User.objects.get(email="provider@example.org")
    waiting = selectors.invitation_list(actor=pat).filter(
        status=InvitationStatus.INVITED, request__status=RequestStatus.OPEN
    )
    assert waiting.exists()
    assert Placement.objects.for_user(pat).exists()


def test_the_croydon_commissioner_has_work_waiting(seeded):
    cora = User.objects.get(email="commissioner.croydon@example.org")
    statuses = set(selectors.request_list(actor=cora).values_list("status", flat=True))
    assert {RequestStatus.DRAFT, RequestStatus.OPEN, RequestStatus.EVALUATING} <= statuses
    evaluating = PlacementRequest.objects.filter(
        borough=cora.borough, status=RequestStatus.EVALUATING
    )
    assert all(r.invitations.filter(status="offered").exists() for r in evaluating)
    assert OfferQuestion.objects.filter(
        invitation__request__borough=cora.borough, answer=""
    ).exists()


def test_history_is_in_the_past_and_in_order(seeded):
    now = timezone.now()
    assert not RequestEvent.objects.filter(at__gt=now).exists()
    assert not InvitationEvent.objects.filter(at__gt=now).exists()
    assert not PlacementRequest.objects.filter(
        Q(created_at__gt=now) | Q(opened_at__lt=F("created_at")) | Q(decided_at__lt=F("opened_at"))
    ).exists()
    assert not PlacementRequest.objects.filter(created_at__lt=F("child__created_at")).exists()
    open_requests = PlacementRequest.objects.filter(status=RequestStatus.OPEN)
    assert not open_requests.filter(response_deadline__lte=timezone.localdate()).exists()
    first = PlacementRequest.objects.order_by("created_at").first()
    assert (timezone.localdate() - first.created_at.date()).days > 2 * 365


def test_only_invented_care_settings_carry_ofsted_judgements(seeded):
    real_schools = Setting.objects.exclude(laestab="")
    assert not Inspection.objects.filter(setting__in=real_schools).exists()
    assert Inspection.objects.exists()
    assert not real_schools.filter(provider__isnull=True).exists()
    assert not real_schools.filter(latitude__isnull=True).exists()


def test_seeding_queues_and_sends_no_emails(seeded):
    # Hundreds of invitations, offers and awards, and not one email about them.
    assert RequestInvitation.objects.count() > 500
    assert seeded.notifications_queued == 0
    assert seeded.emails_sent == []


def test_demo_users_have_no_password_when_debug_is_off(seeded):
    users = seeded.summary["users"]
    assert len(users) == 17  # a user per demo provider and borough, and the applicant
    assert not any(user.has_usable_password() for user in users)


def test_every_running_placement_has_its_next_annual_review_within_a_year(seeded):
    today = timezone.localdate()
    running = Placement.objects.filter(status="active", starts_on__lte=today)
    assert running.exists()
    assert not running.filter(next_review_on__lte=today).exists()
    assert not running.filter(next_review_on__gt=today + timedelta(days=366)).exists()


def test_seeding_twice_keeps_the_counts(seeded):
    before = demo.summary()
    call_command("seed_demo", stdout=StringIO())
    after = demo.summary()
    for key in ("children", "requests", "invitations", "placements"):
        assert after[key] == before[key]
    assert len(after["users"]) == len(before["users"]) == 17


def test_seeding_runs_in_a_bounded_number_of_queries(seeded):
    # The query count is the stable measure; the time depends on the machine.
    assert seeded.queries < QUERY_BUDGET, (seeded.queries, seeded.seconds)


def test_every_application_has_its_evidence_so_the_nightly_check_suspends_no_one(seeded):
    accredited = Application.objects.filter(status=ApplicationStatus.ACCREDITED)
    assert accredited.count() >= 8  # a provider per DPS it is on
    for application in accredited.prefetch_related("documents"):
        documents = application.documents.all()
        assert sorted(d.evidence_type for d in documents) == sorted(REQUIRED_EVIDENCE)
        assert all(d.accepted_at == application.decided_at for d in documents)
    insurance = EvidenceDocument.objects.filter(evidence_type__in=EXPIRING_EVIDENCE)
    assert not insurance.filter(expires_on__lt=timezone.localdate() + timedelta(days=90)).exists()
    with insurance.first().file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    assert evidence_expiry_check() == {"reminded": 0, "suspended": 0}
    assert not Enrolment.objects.filter(status=EnrolmentStatus.SUSPENDED).exists()


def test_nothing_in_the_demo_was_decided_or_accredited_after_today(seeded):
    now = timezone.now()
    applications = Application.objects.filter(
        Q(submitted_at__gt=now) | Q(decided_at__gt=now) | Q(created_at__gt=now)
    )
    assert list(applications.values_list("pk", "submitted_at", "decided_at")[:5]) == []
    assert not Enrolment.objects.filter(enrolled_at__gt=now).exists()
    assert not PlacementRequest.objects.filter(decided_at__gt=now).exists()
    assert not EvidenceDocument.objects.filter(
        Q(uploaded_at__gt=now) | Q(accepted_at__gt=now)
    ).exists()


def test_every_accredited_application_has_a_complete_questionnaire(seeded):
    from providers.services import application_problems

    accredited = Application.objects.filter(status=ApplicationStatus.ACCREDITED)
    assert accredited.exists()
    incomplete = {
        application.pk: problems
        for application in accredited
        if (problems := application_problems(application))
    }
    assert incomplete == {}


def test_one_complete_application_waits_for_a_decision_with_its_evidence_unchecked(seeded, client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from providers.services import application_problems

    [waiting] = Application.objects.filter(status=ApplicationStatus.SUBMITTED)
    assert waiting.provider.legal_name == "Riverside Children's Homes Limited"
    assert application_problems(waiting) == []
    assert waiting.submitted_at < timezone.now() - timedelta(days=1)
    assert waiting.documents.count() == len(REQUIRED_EVIDENCE)
    assert not waiting.documents.filter(accepted_at__isnull=False).exists()
    assert not Enrolment.objects.filter(application=waiting).exists()
    reviewer = User.objects.get(email="admin@example.org")
    TOTP.activate(reviewer, generate_totp_secret())  # the seed gives none with DEBUG off
    client.force_login(reviewer)
    response = client.get(reverse("providers:review", args=[waiting.public_id]))
    assert response.status_code == 200
    assert "Riverside House" in response.text
