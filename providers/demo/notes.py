"""Demo data for the peer network: a handful of provider notes and two discussion threads.

Written through the services (so the text passes the same child-identity checks as users'),
with no emails, then back-dated. Notes are about provider organisations only, never one of
their settings: the settings are real schools, and the demo must not say things about them.
Safe to run again: a consortium that has notes or threads already is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from boroughs.choices import Role
from boroughs.models import Consortium, Reply, Thread, ThreadTopic, User
from boroughs.threads import thread_reply, thread_start

from ..models import NoteCategory, Provider, ProviderNote
from ..services.notes import notes_muted, provider_note_create

# (category, title, body, days ago)
NOTES = [
    (
        NoteCategory.QUALITY_CONCERN,
        "One-to-one hours not delivered in full",
        "At two annual reviews this term the agreed one-to-one hours had not been delivered for "
        "several weeks while the provider recruited. It has an action plan and we are checking "
        "monthly. Worth asking about one-to-one delivery at your next review.",
        40,
    ),
    (
        NoteCategory.GOOD_PRACTICE,
        "Strong Preparing for Adulthood planning",
        "Transition planning starts in Year 10 with the family and the college, progress against "
        "the PfA outcomes is reported every term, and travel training was arranged without a "
        "separate request. A model for post-16 transitions.",
        31,
    ),
    (
        NoteCategory.PRICE_CHANGE,
        "Letter asking for a 6% uplift from April",
        "The provider has written asking for a 6% uplift on every weekly fee from April, citing "
        "staff pay. Our position: uplifts follow the DPS ceiling review, not individual letters. "
        "Has any borough agreed to it?",
        18,
    ),
    (
        NoteCategory.OFSTED_CHANGE,
        "A setting's Ofsted judgement fell to Requires improvement",
        "The latest inspection of one of the provider's settings moved it from Good to Requires "
        "improvement, citing the recording of behaviour incidents and restraint. The provider "
        "shared its action plan with us; we will ask for an update at each review.",
        9,
    ),
    (
        NoteCategory.GOOD_PRACTICE,
        "Quick and complete responses to call-offs",
        "Offers arrive within three working days with a full fee breakdown and named therapy "
        "input, which made evaluation straightforward.",
        3,
    ),
]

# (topic, title, body, days ago, replies)
THREADS = [
    (
        ThreadTopic.MARKET,
        "52-week SEMH places for 14 to 16 year olds",
        "We are struggling to find 52-week residential places for SEMH at 14 to 16 within 20 km. "
        "Are others seeing the same? Would a block-contract conversation with two or three "
        "providers help?",
        21,
        [
            "Same here: our last three requests had one offer each, all over the ceiling rate.",
            "We would join a block-contract conversation. Could the lead borough's team scope "
            "the numbers from the demand page first?",
        ],
    ),
    (
        ThreadTopic.PRACTICE,
        "Using the outcomes framework at annual reviews",
        "How are colleagues using the termly returns at EHC plan annual reviews? We print the "
        "progress page for the review meeting, which has helped conversations with schools.",
        12,
        [
            "We do the same and ask the provider to bring the evidence behind each score.",
        ],
    ),
]


def _commissioners(consortium: Consortium) -> list[User]:
    """One commissioner per borough of the consortium, boroughs by name."""
    found: dict[int, User] = {}
    users = (
        User.objects.filter(
            borough__consortium=consortium, role_assignments__role=Role.COMMISSIONER
        )
        .select_related("borough__consortium")
        .prefetch_related("role_assignments")
        .order_by("borough__name", "pk")
    )
    for user in users:
        found.setdefault(user.borough_id, user)
    return list(found.values())


def _providers() -> list[Provider]:
    """The providers with the most settings: those the demo's boroughs know best."""
    return list(
        Provider.objects.annotate(n=Count("settings"))
        .filter(n__gt=0)
        .order_by("-n", "legal_name")[: len(NOTES)]
    )


@transaction.atomic
def seed_peer_network(consortium: Consortium) -> dict[str, int]:
    """Add the demo's notes and threads once; answers how many of each the consortium has."""
    authors, providers = _commissioners(consortium), _providers()
    now = timezone.now()
    with notes_muted():
        exists = ProviderNote.objects.filter(consortium=consortium).exists()
        if providers and len(authors) >= 2 and not exists:
            for i, (category, title, body, days) in enumerate(NOTES):
                note = provider_note_create(
                    actor=authors[i % len(authors)],
                    provider=providers[i % len(providers)],
                    setting=None,
                    category=category,
                    title=title,
                    body=body,
                )
                note.created_at = now - timedelta(days=days)
                note.save(update_fields=["created_at"])
    if len(authors) >= 2 and not Thread.objects.filter(consortium=consortium).exists():
        for i, (topic, title, body, days, replies) in enumerate(THREADS):
            _thread(authors, i, now - timedelta(days=days), topic, title, body, replies)
    return {
        "notes": ProviderNote.objects.filter(consortium=consortium).count(),
        "threads": Thread.objects.filter(consortium=consortium).count(),
    }


def _thread(authors, i, started, topic, title, body, replies) -> None:
    thread = thread_start(actor=authors[i % len(authors)], topic=topic, title=title, body=body)
    Thread.objects.filter(pk=thread.pk).update(created_at=started, last_reply_at=started)
    for n, text in enumerate(replies, start=1):
        reply = thread_reply(actor=authors[(i + n) % len(authors)], thread=thread, body=text)
        at = started + timedelta(days=n, hours=3)
        Reply.objects.filter(pk=reply.pk).update(created_at=at)
        Thread.objects.filter(pk=thread.pk).update(last_reply_at=at)
