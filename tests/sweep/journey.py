"""The placements side of the world: children placed after offers, with targets and returns,
the outcomes frameworks and terms, and report runs."""

from datetime import date
from decimal import Decimal
from unittest import mock

from boroughs.models import Borough, Postcode
from commissioning.dataprotection import services as export_services
from commissioning.reports import services as report_services
from commissioning.reports.builders import BUILDERS, BuildResult
from commissioning.reports.choices import ReportKind, ReportScope
from outcomes.choices import VersionStatus
from outcomes.defaults import default_terms
from outcomes.models import Indicator, OutcomeTarget, SignOff, Term
from outcomes.services.framework import framework_version_create
from placements import services as placement_services

from ..outcomes.fixtures import build_framework
from ..outcomes.test_returns_helpers import placed_since, submit
from ..placements.fixtures import enrolled_setting, offer_fields, request_fields
from .world import (
    A_STAFF,
    A_WIDE,
    B_STAFF,
    BARNET,
    BRIGHT,
    BROMLEY,
    BROMLEY_STAFF,
    COUNCIL,
    CROYDON,
    CROYDON_STAFF,
    NORTH,
    OTHER,
    PROVIDERS,
    World,
)


def make_placements(world: World, dpss: dict) -> None:
    """Croydon's child placed at Bright Futures after offers from both A providers; Barnet's
    placed at Northern Care; Bromley's with a draft request."""
    users, objects = world.users, world.objects
    for postcode, latitude, longitude in (
        ("CR0 1AA", "51.36765", "-0.10040"),
        ("EN5 2BB", "51.65300", "-0.20000"),
    ):
        Postcode.objects.create(
            postcode=postcode,
            outcode=postcode.split()[0],
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
    lot_a, lot_b = objects["lot"], objects["lot_b"]
    near = enrolled_setting(
        objects["bright"],
        lot_a,
        name="Bright Sweep Near",
        latitude="51.37455",
        longitude="-0.09889",
        weekly_ceiling=Decimal("1650.50"),
    )
    far = enrolled_setting(
        objects["other"],
        lot_a,
        name="Other Sweep Far",
        latitude="51.35992",
        longitude="-0.19302",
        weekly_ceiling=Decimal("1900.00"),
    )
    northern = enrolled_setting(
        objects["north"],
        lot_b,
        name="Northern Sweep Home",
        latitude="51.65000",
        longitude="-0.19000",
        weekly_ceiling=Decimal("1700.00"),
    )
    world.mark("Bright Futures' enrolled school", BRIGHT | COUNCIL, near, "Bright Sweep Near")
    world.mark("Other Schools' enrolled school", OTHER | COUNCIL, far, "Other Sweep Far")
    world.mark("Northern Care's enrolled home", NORTH | COUNCIL, northern, "Northern Sweep Home")

    croydon = placed_child(
        users["alice"],
        "SWP-CR-0042",
        "Sweepy Croydonchild",
        "CR0 1AA",
        invited=[(near, users["pat"], "1400.00"), (far, users["olly"], "1600.00")],
        lot=lot_a,
    )
    barnet = placed_child(
        users["b_commissioner"],
        "SWP-BA-0003",
        "Sweepy Barnetchild",
        "EN5 2BB",
        invited=[(northern, users["nora"], "1500.00")],
        lot=lot_b,
    )
    placement = croydon["placement"]
    objects.update({kind: row for kind, row in croydon.items()})
    world.keywords["invitation_id"] = croydon["invitation"].public_id
    world.mark("Croydon's child", CROYDON_STAFF, croydon["child"], "SWP-CR-0042", "Sweepy Croydon")
    world.mark("Croydon's request", CROYDON_STAFF | BRIGHT | OTHER, croydon["request"])
    world.mark("Croydon's invitation to Bright", CROYDON_STAFF | BRIGHT, croydon["invitation"])
    world.mark("Croydon's invitation to Other", CROYDON_STAFF | OTHER, croydon["far_invitation"])
    world.mark("Bright's question", CROYDON_STAFF | BRIGHT, croydon["question"], "SWP-QUESTION-CR")
    world.mark("Croydon's placement", CROYDON_STAFF | BRIGHT, placement)
    world.mark("Bright's offer to Croydon", CROYDON_STAFF | BRIGHT, None, "SWP-OFFER-CR-pat@")
    world.mark("Other's offer to Croydon", CROYDON_STAFF | OTHER, None, "SWP-OFFER-CR-olly")
    world.mark("Northern's offer to Barnet", B_STAFF | NORTH, None, "SWP-OFFER-BA-nora")
    world.mark("Barnet's child", B_STAFF, barnet["child"], "SWP-BA-0003", "Sweepy Barnet")
    for kind in ("request", "invitation", "question", "placement"):
        world.mark(f"Barnet's {kind}", B_STAFF | NORTH, barnet[kind])
    objects["barnet_placement"] = barnet["placement"]

    bromley_child = placement_services.child_save(
        actor=users["charlie"],
        reference="SWP-BR-0007",
        name="Sweepy Bromleychild",
        date_of_birth=date(2012, 5, 1),
        sex="F",
        home_postcode="BR1 1AB",
        primary_need="ASD",
    )
    bromley_request = placement_services.request_create(
        actor=users["charlie"], child=bromley_child, **request_fields(lot_a)
    )
    world.mark("Bromley's child", BROMLEY_STAFF, bromley_child, "SWP-BR-0007", "Sweepy Bromley")
    world.mark("Bromley's draft request", BROMLEY_STAFF, bromley_request)


def placed_child(commissioner, reference, name, postcode, *, invited, lot) -> dict:
    """A child, a request sent to `invited` settings, offers from each, a question from the
    first, and the award to the first."""
    child = placement_services.child_save(
        actor=commissioner,
        reference=reference,
        name=name,
        date_of_birth=date(2016, 3, 14),
        sex="M",
        home_postcode=postcode,
        primary_need="ASD",
        secondary_needs=["SLCN"],
    )
    request = placement_services.request_create(
        actor=commissioner, child=child, **request_fields(lot)
    )
    placement_services.request_invite(
        actor=commissioner,
        placement_request=request,
        setting_ids=[setting.pk for setting, _, _ in invited],
    )
    invitations = [request.invitations.get(setting=setting) for setting, _, _ in invited]
    question = placement_services.question_ask(
        actor=invited[0][1], invitation=invitations[0], question=f"SWP-QUESTION-{reference[4:6]}"
    )
    for (_, user, education), invitation in zip(invited, invitations, strict=True):
        placement_services.offer_submit(
            actor=user,
            invitation=invitation,
            **offer_fields(education, conditions=f"SWP-OFFER-{reference[4:6]}-{user.email[:4]}"),
        )
    placement_services.request_close(actor=commissioner, placement_request=request)
    request.refresh_from_db()
    for invitation in invitations:
        invitation.refresh_from_db()
        placement_services.offer_rate(actor=commissioner, offer=invitation.offer, needs_fit=3)
    placement = placement_services.request_award(
        actor=commissioner,
        placement_request=request,
        invitation=invitations[0],
        reason="Nearest, Good",
    )
    rows = {
        "child": child,
        "request": request,
        "invitation": invitations[0],
        "question": question,
        "placement": placement,
    }
    if len(invitations) > 1:
        rows["far_invitation"] = invitations[1]
    return rows


def make_outcomes(world: World, consortium_a, consortium_b) -> None:
    """An agreed framework and terms in each consortium, two targets and a return on each
    consortium's placement, and a draft of South London's next version."""
    users, objects = world.users, world.objects
    for key, consortium, admin, placement, provider_user, staff, provider_staff in (
        (
            "a",
            consortium_a,
            "a_admin",
            objects["placement"],
            "pat",
            A_STAFF,
            CROYDON_STAFF | BRIGHT,
        ),
        (
            "b",
            consortium_b,
            "b_admin",
            objects["barnet_placement"],
            "nora",
            B_STAFF,
            B_STAFF | NORTH,
        ),
    ):
        version = build_framework(consortium, users[admin])
        for borough in consortium.boroughs.all():
            SignOff.objects.create(version=version, borough=borough, signed_by=users[admin])
        world.mark(f"consortium {key.upper()}'s framework", staff | PROVIDERS, version)
        terms = [
            Term.objects.create(
                consortium=consortium,
                academic_year=year,
                name=name,
                starts_on=starts,
                ends_on=ends,
                returns_due_on=due,
            )
            for year in (2024, 2025, 2026)
            for name, starts, ends, due in default_terms(year)
        ]
        placed = placed_since(placement)
        targets = [
            OutcomeTarget.objects.create(
                placement=placed,
                indicator=Indicator.objects.get(domain__version=version, code=code),
                outcome=f"SWP-TARGET-{key.upper()} {code}",
                baseline=baseline,
                target=target,
                target_date=date(2027, 7, 31),
                set_by=users[admin],
            )
            for code, baseline, target in (("communication", -2, 0), ("travel", 2, 4))
        ]
        made = submit(users[provider_user], placed, terms[0], targets, -1, 3)
        for target in targets:
            world.mark(f"consortium {key.upper()}'s target", provider_staff, target, target.outcome)
        world.mark(f"consortium {key.upper()}'s return", provider_staff, made)
        if key == "a":
            objects.update(target=targets[0], termly_return=made, agreed_framework=version)
            world.keywords["term_id"] = terms[1].pk
    draft = framework_version_create(actor=users["a_admin"], consortium=consortium_a)
    assert draft.status == VersionStatus.DRAFT
    domain = draft.domains.order_by("order").first()
    world.objects["framework"] = draft
    world.keywords.update(domain=domain.code, code=domain.code)
    world.keywords["indicator"] = domain.indicators.order_by("order").first().code
    world.mark("South London's draft framework", A_STAFF | PROVIDERS, draft)


class StandInBuilder:
    """Builds every report as a small text file: the sweep is about who reaches it."""

    def build(self, *, run, path, progress):
        path.write_text(f"report {run.public_id}\n")
        return BuildResult(filename="report.txt", content_type="text/plain")


def make_report_runs(world: World) -> None:
    users = world.users
    period = {"period_start": date(2026, 10, 1), "period_end": date(2026, 10, 31)}
    runs = {}
    with mock.patch.dict(BUILDERS, dict.fromkeys(ReportKind.values, StandInBuilder())):
        for analyst, home in (("ann", CROYDON), ("bert", BROMLEY), ("b_analyst", BARNET)):
            run = report_services.report_run_request(
                actor=users[analyst],
                kind=ReportKind.SAVINGS_SUMMARY,
                scope=ReportScope.BOROUGH,
                borough=Borough.objects.get(ons_code=home),
                **period,
            )
            report_services.report_run_execute(run.pk)
            runs[home] = run
    world.objects["run"] = runs[CROYDON]
    world.mark("Croydon's report", frozenset({"ann", "abe"}) | A_WIDE, runs[CROYDON])
    world.mark("Bromley's report", frozenset({"bert"}) | A_WIDE, runs[BROMLEY])
    world.mark("Barnet's report", frozenset({"b_admin", "b_analyst"}), runs[BARNET])


def make_export(world: World) -> None:
    """A finished subject access export of Croydon's child, asked for by its commissioner."""
    child = world.objects["child"]
    with mock.patch.object(
        export_services, "write_pdf", lambda document, path: path.write_bytes(b"%PDF")
    ):
        export = export_services.subject_access_request(actor=world.users["alice"], child=child)
        export_services.subject_access_execute(export.pk)
    world.objects["export"] = export
    world.keywords["fmt"] = "pdf"
    world.mark("Croydon's subject access export", CROYDON_STAFF, export)
