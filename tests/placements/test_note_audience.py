"""What placements tells the peer network: which boroughs hear about a new provider note (those
with children placed there), and whether a text names one of the consortium's children."""

from datetime import timedelta

import pytest
from django.core import mail

from boroughs import privacy
from kernel.errors import DomainError
from placements import services
from placements.audience import active_placement_boroughs, child_named
from providers.services.notes import provider_note_create

pytestmark = pytest.mark.django_db


def share(actor, provider, **overrides):
    fields = {
        "setting": None,
        "category": "quality_concern",
        "title": "Staffing changes",
        "body": "Key workers changed twice this term.",
        **overrides,
    }
    return provider_note_create(actor=actor, provider=provider, **fields)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_note_emails_the_commissioners_of_boroughs_placing_with_the_provider(
    charlie, alice, bob, bright_futures, placement, emails
):
    mail.outbox.clear()
    with emails():
        share(charlie, bright_futures[0])
    assert recipients() == [alice.email, bob.email]
    message = mail.outbox[0]
    assert "Bright Futures" in message.subject
    assert "/dps/notes/" in message.body
    assert "Key workers changed twice" not in message.body  # the note itself stays on the portal


def test_the_author_is_not_emailed_about_their_own_note(
    alice, bob, bright_futures, placement, emails
):
    mail.outbox.clear()
    with emails():
        share(alice, bright_futures[0])
    assert recipients() == [bob.email]


def test_no_one_is_emailed_about_a_provider_no_borough_places_with(
    charlie, alice, other_schools, placement, emails
):
    mail.outbox.clear()
    with emails():
        share(charlie, other_schools[0])
    assert mail.outbox == []


def test_an_ended_placement_no_longer_makes_a_borough_a_user_of_the_provider(
    charlie, alice, bright_futures, placement, emails
):
    services.placement_end(
        actor=alice,
        placement=placement,
        ends_on=placement.starts_on + timedelta(days=100),
        reason="E4A",
    )
    assert active_placement_boroughs(bright_futures[0].pk) == set()
    mail.outbox.clear()
    with emails():
        share(charlie, bright_futures[0])
    assert mail.outbox == []


def test_the_audience_is_the_boroughs_with_active_placements(placement, bright_futures, croydon):
    assert active_placement_boroughs(bright_futures[0].pk) == {croydon.pk}


@pytest.mark.parametrize(
    "text", ["cr-0042 again", "(CR-0042)", "SAM EXAMPLE", "sam example's review", "BR-0007"]
)
def test_a_childs_reference_or_full_name_in_any_case_is_found(
    child, bromley_child, consortium, text
):
    assert child_named(text, consortium.pk) == privacy.MSG_CHILD


@pytest.mark.parametrize(
    "text", ["CR-00421", "XCR-0042", "Sam", "Example School", "Sam and Example"]
)
def test_parts_of_references_and_single_names_are_not_a_child(child, consortium, text):
    assert child_named(text, consortium.pk) is None


def test_a_bromley_note_naming_a_croydon_child_is_refused(charlie, bright_futures, child):
    with pytest.raises(DomainError) as refused:
        share(charlie, bright_futures[0], body="Is CR-0042 still there?")
    assert (refused.value.message, refused.value.field) == (privacy.MSG_CHILD, "body")
