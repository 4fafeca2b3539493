"""The DPS side of the world: the market, three providers and their applications, and the peer
network's threads and notes about them."""

from django.utils import timezone

from boroughs import services as borough_services
from boroughs.choices import Role
from boroughs.models import Borough
from providers import services as provider_services
from providers.choices import LotKind
from providers.demo import seed_demo as seed_dps
from providers.models import (
    DynamicPurchasingSystem,
    Enrolment,
    Lot,
    ProviderMembership,
)
from providers.services.groups import group_add_provider, group_flag, group_record
from providers.services.notes import provider_note_create

from ..providers.conftest import complete_draft
from .world import (
    A_EVIDENCE_READERS,
    A_STAFF,
    A_WIDE,
    B_EVIDENCE_READERS,
    B_STAFF,
    BARNET,
    BRIGHT,
    COUNCIL,
    CROYDON,
    NORTH,
    OTHER,
    PROVIDERS,
    World,
)


def make_dpss(world: World, consortium_a, consortium_b) -> dict:
    seed_dps(consortium=consortium_a)
    seed_dps(consortium=consortium_b)
    DynamicPurchasingSystem.objects.filter(consortium=consortium_b).update(name="SWP-B-DPS")
    dpss = {}
    for key, consortium, staff in (("a", consortium_a, A_STAFF), ("b", consortium_b, B_STAFF)):
        for dps in DynamicPurchasingSystem.objects.filter(consortium=consortium):
            # The DPS is open to every supplier: any provider may read it.
            world.mark(f"consortium {key.upper()}'s DPS", staff | PROVIDERS, dps)
            dpss[key, dps.strand.kind] = dps
    world.objects["dps"] = dpss["a", "send"]
    world.objects["lot"] = Lot.objects.get(dps=dpss["a", "send"], kind=LotKind.ISS_DAY)
    world.keywords["lot_number"] = world.objects["lot"].number
    return dpss


def make_providers(world: World, dpss: dict) -> None:
    """Bright Futures accredited through a whole review with a clarification; Other Schools
    and Northern Care with a submitted application in their consortium's queue."""
    users = world.users
    bright = register(users["pat"], "Bright Futures Sweep Limited", "01234567")
    ProviderMembership.objects.create(user=users["pam"], provider=bright, is_provider_admin=True)
    other = register(users["olly"], "Other Schools Sweep Limited", "SC123456")
    north = register(users["nora"], "Northern Care Sweep Limited", "07777777")
    world.mark("Bright Futures", BRIGHT | COUNCIL, bright, "Bright Futures Sweep Limited")
    world.mark("Other Schools", OTHER | COUNCIL, other, "Other Schools Sweep Limited")
    world.mark("Northern Care", NORTH | COUNCIL, north, "Northern Care Sweep Limited")
    # The market's organisations and settings are open to every council's staff (ADR 9).
    world.objects["provider"] = bright

    lot_a = world.objects["lot"]
    lot_b = Lot.objects.get(dps=dpss["b", "send"], kind=LotKind.ISS_DAY)
    setting = school(users["pat"], "Bright Sweep School", "149001", "CR0 2AB")
    application = complete_draft(users["pat"], dpss["a", "send"], setting, lot_a)
    accredit_with_clarification(world, application)
    world.objects.update(setting=setting, application=application)
    world.keywords["setting_id"] = setting.public_id
    world.mark("Bright Futures' school", BRIGHT | COUNCIL, setting, "Bright Sweep School")
    world.mark("Bright Futures' application", BRIGHT | A_STAFF, application)
    for document in application.documents.all():
        world.mark("Bright Futures' evidence", BRIGHT | A_EVIDENCE_READERS, document)
    world.objects["document"] = application.documents.first()
    # A reviewer's check names what it checks: without it the page answers 404 to everyone.
    world.bodies["providers:review_check"] = {"subject": str(world.objects["document"].public_id)}
    world.objects["enrolment"] = Enrolment.objects.get(setting=setting)
    world.mark("Bright Futures' enrolment", BRIGHT | A_STAFF, world.objects["enrolment"])

    for user, provider_name, staff, readers, dps, lot, urn, postcode in (
        (users["olly"], "Other", OTHER, A_STAFF, dpss["a", "send"], lot_a, "149002", "SM1 1AA"),
        (users["nora"], "Northern", NORTH, B_STAFF, dpss["b", "send"], lot_b, "149003", "EN5 1AA"),
    ):
        evidence_readers = A_EVIDENCE_READERS if readers is A_STAFF else B_EVIDENCE_READERS
        own = school(user, f"{provider_name} Sweep School", urn, postcode)
        pending = complete_draft(user, dps, own, lot)
        provider_services.application_submit(actor=user, application=pending)
        world.mark(
            f"{provider_name}'s school", staff | COUNCIL, own, f"{provider_name} Sweep School"
        )
        world.mark(f"{provider_name}'s submitted application", staff | readers, pending)
        for document in pending.documents.all():
            world.mark(f"{provider_name}'s evidence", staff | evidence_readers, document)

    invitation = provider_services.provider_invitation_create(
        actor=users["pat"], email="swp-colleague@brightfutures.example.org"
    )
    world.objects["provider_invitation"] = invitation
    world.mark("Bright Futures' invitation to a colleague", BRIGHT, None, invitation.email)
    world.objects.update(bright=bright, other=other, north=north, lot_b=lot_b)


def register(user, legal_name: str, number: str):
    return provider_services.provider_register(
        actor=user,
        legal_name=legal_name,
        companies_house_number=number,
        registered_address="1 High Street, London",
        postcode="CR0 1NX",
        contact_name="Pat Provider",
        contact_email=user.email,
    )


def school(user, name: str, urn: str, postcode: str):
    return provider_services.setting_save(
        actor=user,
        name=name,
        urn=urn,
        establishment_type="10",
        age_low=7,
        age_high=19,
        capacity=40,
        vacancies=3,
        needs=["ASD", "SLCN"],
        postcode=postcode,
        weeks_offered=[38],
    )


def accredit_with_clarification(world: World, application) -> None:
    pat, reviewer = world.users["pat"], world.users["alice"]
    provider_services.application_submit(actor=pat, application=application)
    provider_services.application_start_review(actor=reviewer, application=application)
    clarification = provider_services.clarification_request(
        actor=reviewer, application=application, question="SWP-CLARIFY which therapies?"
    )
    provider_services.clarification_answer(
        actor=pat, clarification=clarification, answer="Speech and OT"
    )
    type(application.provider).objects.filter(pk=application.provider_id).update(
        details_confirmed_at=timezone.now()
    )
    application.provider.refresh_from_db()
    provider_services.application_accredit(
        actor=reviewer, application=application, reason="All checks passed"
    )
    world.objects["clarification"] = clarification
    world.mark("Bright Futures' clarification", BRIGHT | A_STAFF, clarification, "SWP-CLARIFY")


def make_peer_network(world: World) -> None:
    users = world.users
    thread = borough_services.thread_start(
        actor=users["alice"], topic="market", title="SWP-A-THREAD prices", body="Prices rise."
    )
    borough_services.thread_reply(
        actor=users["charlie"], thread=thread, body="SWP-A-REPLY in Bromley too"
    )
    other = borough_services.thread_start(
        actor=users["b_commissioner"], topic="market", title="SWP-B-THREAD", body="Up north."
    )
    world.objects["thread"] = thread
    world.mark("South London's thread", A_STAFF, thread, "SWP-A-THREAD", "SWP-A-REPLY")
    world.mark("the second consortium's thread", B_STAFF, other, "SWP-B-THREAD")
    for author, provider, title, staff in (
        (users["alice"], world.objects["bright"], "SWP-A-NOTE", A_STAFF),
        (users["b_commissioner"], world.objects["north"], "SWP-B-NOTE", B_STAFF),
    ):
        note = provider_note_create(
            actor=author,
            provider=provider,
            setting=None,
            category="good_practice",
            title=title,
            body="Offers arrive within three days.",
        )
        world.mark(f"note {title}", staff, note, title)
        world.objects.setdefault("note", note)
    for admin, home, staff in (("a_admin", CROYDON, A_WIDE), ("b_admin", BARNET, {"b_admin"})):
        invitation = borough_services.invitation_create(
            actor=users[admin],
            email=f"swp-invitee-{home}@sweep.example.org",
            borough=Borough.objects.get(ons_code=home),
            role=Role.COMMISSIONER,
        )
        world.mark(f"{admin}'s staff invitation", frozenset(staff), invitation, invitation.email)
        world.objects.setdefault("staff_invitation", invitation)


def make_provider_group(world: World) -> None:
    """Consortium A's admins record Bright Futures' parent company, with a finding."""
    admin = world.users["a_admin"]
    group = group_record(
        actor=admin, name="SWP-GROUP Holdings plc", companies_house_number="09999999"
    )
    group_add_provider(actor=admin, group=group, provider=world.objects["provider"])
    group_flag(
        actor=admin,
        group=group,
        kind="private_equity",
        value=True,
        source="SWP-GROUP-FINDING accounts",
        as_of=timezone.localdate(),
    )
    world.objects["provider_group"] = group
    world.mark("consortium A's provider group", A_STAFF, group, "SWP-GROUP")
    world.bodies["providers:group_remove_provider"] = {
        "provider": str(world.objects["provider"].public_id)
    }
