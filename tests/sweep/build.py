"""Building the world once per test module, through the services, as people would."""

import json
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from boroughs import services as borough_services
from boroughs.choices import Role
from boroughs.loading import consortium_load
from boroughs.models import Borough, Consortium, RoleAssignment, Strand
from commissioning.reports.choices import ReportKind, ReportScope
from placements import services as placement_services
from placements.models import PlacementAgreement
from placements.services.invoice_jobs import invoice_upload_start

from ..factories import UserFactory
from .dps import make_dpss, make_peer_network, make_provider_group, make_providers
from .journey import make_export, make_outcomes, make_placements, make_report_runs
from .world import (
    A_STAFF,
    A_WIDE,
    B_STAFF,
    BARNET,
    BRIGHT,
    BROMLEY_STAFF,
    CAMDEN,
    CONSORTIUM_B,
    CROYDON,
    CROYDON_STAFF,
    NORTH,
    PROVIDERS,
    USERS,
    World,
)


def make_agreement(world: World) -> None:
    """Croydon's placement's agreement, signed by both sides, with a fee change signed (the
    fee history's second row) and a second one proposed, waiting for the provider."""
    alice, pat = world.users["alice"], world.users["pat"]
    placement = world.objects["placement"]
    placement.refresh_from_db()
    agreement = PlacementAgreement.objects.get(placement=placement)
    placement_services.agreement_render(agreement_id=agreement.pk)  # as the worker would
    placement_services.agreement_sign(actor=pat, agreement=agreement, name="Pat", role="Head")
    placement_services.agreement_countersign(
        actor=alice, agreement=agreement, name="Alice", role="Commissioner"
    )
    placement_services.agreement_render(agreement_id=agreement.pk)
    signer = {"name": "Someone", "role": "Their role"}
    signed = placement_services.variation_propose_fee(
        actor=alice,
        agreement=agreement,
        effective_on=placement.starts_on + timedelta(days=30),
        lines={"education": Decimal("1430.00"), "therapies": Decimal("120.00")},
        reason="SWP-FEE annual uplift",
    )
    placement_services.variation_accept(actor=pat, variation=signed, **signer)
    placement_services.variation_sign(actor=alice, variation=signed, **signer)
    proposed = placement_services.variation_propose_fee(
        actor=alice,
        agreement=agreement,
        effective_on=placement.starts_on + timedelta(days=60),
        lines={"education": Decimal("1450.00"), "therapies": Decimal("120.00")},
        reason="SWP-VARIATION second uplift",
    )
    world.objects.update(agreement=agreement, variation=proposed)
    world.mark("Croydon's fee change", CROYDON_STAFF | BRIGHT, None, "SWP-FEE")
    world.mark("Croydon's agreement", CROYDON_STAFF | BRIGHT, agreement, agreement.reference)
    world.mark("Croydon's variation", CROYDON_STAFF | BRIGHT, proposed, "SWP-VARIATION")


def build() -> World:
    world = World()
    consortium_a, consortium_b = consortium_load(), load_second_consortium()
    Strand.objects.filter(consortium=consortium_a).update(description="SWP-A-STRAND")
    make_users(world)
    dpss = make_dpss(world, consortium_a, consortium_b)
    make_providers(world, dpss)
    make_provider_group(world)
    make_peer_network(world)
    make_placements(world, dpss)
    make_outcomes(world, consortium_a, consortium_b)
    make_report_runs(world)
    make_agreement(world)
    make_invoices(world)
    make_export(world)
    make_create_bodies(world)
    return world


def invoice_month(placement) -> tuple[date, date]:
    """The first full calendar month of the placement."""
    start = (placement.starts_on.replace(day=1) + timedelta(days=32)).replace(day=1)
    return start, (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def make_invoices(world: World) -> None:
    """An invoice from Bright Futures for Croydon's placement, and Northern Care's for Barnet's."""
    for key, placement, user, number, seen_by in (
        ("invoice", world.objects["placement"], "pat", "SWP-INV-CR", CROYDON_STAFF | BRIGHT),
        (
            "barnet_invoice",
            world.objects["barnet_placement"],
            "nora",
            "SWP-INV-BA",
            B_STAFF | NORTH,
        ),
    ):
        start, end = invoice_month(placement)
        invoice = placement_services.invoice_submit(
            actor=world.users[user],
            placement=placement,
            number=number,
            period_start=start,
            period_end=end,
            lines=[placement_services.Line("education", Decimal("1000.00"))],
        )
        world.objects[key] = invoice
        owner = "Croydon's" if key == "invoice" else "Barnet's"
        world.mark(f"{owner} invoice", seen_by, invoice, number)
    start, end = invoice_month(world.objects["placement"])
    csv = "invoice_number,placement_reference,period_start,period_end,part,amount\n"
    csv += f"SWP-INV-UP,{world.objects['placement'].reference},{start},{end},education,1.00\n"
    upload = invoice_upload_start(
        actor=world.users["pat"], uploaded=SimpleUploadedFile("SWP-UPLOAD.csv", csv.encode())
    )
    world.objects["invoice_upload"] = upload
    world.mark("Bright's invoice upload", BRIGHT, upload, "SWP-UPLOAD")
    world.creates["placements_api:invoice-list"] = {
        "placement": str(world.objects["placement"].public_id),
        "number": "SWP-INV-NEW",
        "period_start": str(start),
        "period_end": str(end),
        "lines": [{"part": "education", "amount": "900.00"}],
    }


def load_second_consortium() -> Consortium:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "second.json"
        path.write_text(json.dumps(CONSORTIUM_B), encoding="utf-8")
        return consortium_load(definition_path=path)


def make_users(world: World) -> None:
    for name, (home, role) in USERS.items():
        email = f"{name}@sweep.example.org"
        if role is None and not home.startswith("E09"):
            world.users[name] = UserFactory(email=email, borough=None, role=Role.PROVIDER_USER)
            continue
        user = UserFactory(
            email=email, borough=Borough.objects.get(ons_code=home), role=role or Role.COMMISSIONER
        )
        if role is None:
            RoleAssignment.objects.filter(user=user).delete()
        world.users[name] = user
    users = world.users
    world.objects["user"] = users["dora"]
    invited = borough_services.invitation_create(
        actor=users["a_admin"],
        email="swp-invitee@croydon.example.gov.uk",
        borough=Borough.objects.get(ons_code=CROYDON),
        role=Role.BOROUGH_ANALYST,
    )
    world.objects["staff_invitation"] = invited
    world.mark("a South London staff invitation", A_WIDE, None, "swp-invitee@croydon")
    world.mark("a Croydon user", CROYDON_STAFF, users["dora"])
    world.mark("a Bromley user", BROMLEY_STAFF, users["charlie"])
    world.mark("a Barnet user", B_STAFF, users["b_commissioner"])
    world.objects["borough"] = Borough.objects.get(ons_code=CROYDON)
    # Borough codes are public; a consortium's framework shows its members to every provider.
    world.mark("the second consortium's boroughs", B_STAFF | PROVIDERS, None, BARNET, CAMDEN)
    world.mark("the second consortium's strands", B_STAFF, None, "SWP-B-STRAND")
    world.mark("South London's strands", A_STAFF, None, "SWP-A-STRAND")
    world.objects["strand"] = Strand.objects.get(consortium__slug="south-london", kind="send")


def make_create_bodies(world: World) -> None:
    objects = world.objects
    placement, bright = str(objects["placement"].public_id), str(objects["bright"].public_id)
    invitation = {"email": "swp-new@sweep.example.org", "borough": CROYDON, "role": "commissioner"}
    note = {"provider": bright, "category": "good_practice", "title": "SWP new", "body": "Quick."}
    target = objects["target"]
    world.creates.update(
        {
            "invitation_create": invitation,
            "invitation-list": invitation,
            "providers:note_create": note,
            "dps_api:note-list": note,
            "placements_api:request-list": {
                "child": str(objects["child"].public_id),
                "dps": str(objects["dps"].public_id),
                "lot": objects["lot"].kind,
                "required_start_on": str(today() + timedelta(days=60)),
                "needs_summary": "Needs a small class.",
            },
            "outcomes_api:target-list": {
                "placement": placement,
                "domain": target.indicator.domain.code,
                "indicator": target.indicator.code,
                "outcome": "Reads a bus timetable",
                "baseline": -1,
                "target": 1,
                "target_date": "2027-07-31",
            },
            "outcomes_api:return-list": {
                "placement": placement,
                "term": world.keywords["term_id"],
                "scores": [
                    {"target": str(row.public_id), "score": row.baseline + 1, "evidence": "Seen"}
                    for row in objects["placement"].targets.all()
                ],
                "attendance_pct": "95.0",
            },
            "dataprotection_api:subject-access-list": {"child": str(objects["child"].public_id)},
            "reports_api:run-list": {
                "kind": ReportKind.SAVINGS_SUMMARY,
                "scope": ReportScope.BOROUGH,
                "borough": CROYDON,
                "period_start": "2026-10-01",
                "period_end": "2026-10-31",
            },
        }
    )


def today() -> date:
    return timezone.localdate()
