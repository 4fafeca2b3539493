"""Who may do what on the DPS, and the only ways to fetch its rows by public id.

Every `access_*` answers 404 both for a row that does not exist and for one the actor may not
see (another provider's application or document), so ids leak nothing.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from boroughs import policy
from boroughs.models import User

from . import rules
from .models import (
    Application,
    ApplicationEvent,
    Clarification,
    Enrolment,
    EnrolmentEvent,
    EvidenceDocument,
    EvidenceQuerySet,
    Lot,
    PriceLine,
    Provider,
    ProviderGroup,
    ProviderNote,
    ReviewItem,
    Setting,
)
from .selectors.common import in_consortium, label_setting_types
from .selectors.notes import provider_note_list


def is_reviewer(user) -> bool:
    """Accreditation is run by the lead borough's commissioners and the consortium's admins
    (of their own consortium's DPS: providers.rules)."""
    return rules.is_reviewer.test(user)


def is_provider_user(user) -> bool:
    return policy.actor_of(user).is_provider


def can_read_documents(user) -> bool:
    """Evidence is for the provider's own users and the consortium's commissioners and admins
    (EvidenceDocument's tenancy says which documents)."""
    return not policy.scope_of(policy.actor_of(user), EvidenceQuerySet).is_empty


def access_provider(actor, public_id) -> Provider:
    return get_object_or_404(Provider.objects.for_user(actor), public_id=public_id)


def access_setting(actor, public_id) -> Setting:
    return get_object_or_404(Setting.objects.for_user(actor), public_id=public_id)


def access_application(actor, public_id) -> Application:
    """The application if it is the actor's provider's, or the actor reviews; else 404."""
    return get_object_or_404(
        Application.objects.for_user(actor)
        .select_related("provider", "dps")
        .prefetch_related("lots", "settings"),
        public_id=public_id,
    )


def access_document(actor, public_id) -> EvidenceDocument:
    """The document if the actor's provider owns it, or the actor is a commissioner or admin of
    a consortium the provider applied to; else 404."""
    return get_object_or_404(EvidenceDocument.objects.for_user(actor), public_id=public_id)


def access_application_for_review(actor: User, public_id) -> Application:
    """One application with everything the review screen shows; 404 outside the consortium."""
    application = access_application(actor, public_id)
    if not policy.may(actor, "providers.review_application", application):
        raise Http404
    checks = ReviewItem.objects.select_related("reviewer").order_by("-reviewed_at", "-pk")
    application = (
        Application.objects.select_related("provider", "dps", "declarations_confirmed_by")
        .prefetch_related(
            Prefetch("lots", queryset=Lot.objects.order_by("number")),
            Prefetch(
                "settings",
                queryset=Setting.objects.order_by("name").prefetch_related("inspections"),
            ),
            "exclusions",
            Prefetch(
                "documents",
                queryset=EvidenceDocument.objects.order_by("evidence_type", "-uploaded_at")
                .select_related("uploaded_by")
                .prefetch_related(Prefetch("review_items", queryset=checks)),
            ),
            Prefetch(
                "prices",
                queryset=PriceLine.objects.select_related("setting", "lot").order_by(
                    "setting__name", "lot__number"
                ),
            ),
            Prefetch(
                "clarifications",
                queryset=Clarification.objects.select_related("asked_by", "answered_by"),
            ),
            Prefetch("events", queryset=ApplicationEvent.objects.select_related("actor")),
            Prefetch(
                "review_items",
                queryset=checks.filter(document__isnull=True),
                to_attr="question_checks",
            ),
        )
        .get(pk=application.pk)
    )
    label_setting_types(application.settings.all())
    return application


def access_setting_for_directory(actor: User, public_id) -> Setting:
    """One setting with its inspections and its enrolments on the consortium's lots (with
    their history); 404 for a setting the actor may not see, as for a missing one."""
    setting = access_setting(actor, public_id)
    enrolments = (
        Enrolment.objects.for_user(actor)
        .filter(in_consortium(actor, "lot__dps__consortium"))
        .select_related("lot__dps", "price", "application")
        .prefetch_related(
            Prefetch("events", queryset=EnrolmentEvent.objects.select_related("actor"))
        )
        .order_by("lot__dps__name", "lot__number")
    )
    setting = (
        Setting.objects.select_related("provider")
        .prefetch_related(
            "inspections",
            Prefetch("enrolments", queryset=enrolments, to_attr="consortium_enrolments"),
        )
        .get(pk=setting.pk)
    )
    label_setting_types([setting])
    return setting


def access_enrolment_for_reviewer(actor: User, public_id) -> Enrolment:
    """An enrolment on a lot of the actor's consortium; 404 for any other, as for a missing one."""
    enrolments = Enrolment.objects.for_user(actor).filter(
        in_consortium(actor, "lot__dps__consortium")
    )
    return get_object_or_404(enrolments.select_related("setting", "lot"), public_id=public_id)


def access_provider_note(actor: User, public_id) -> ProviderNote:
    """A note of the actor's consortium; 404 for a missing one and for anyone else's (a
    provider user gets 404 for every note, their own organisation's included)."""
    return get_object_or_404(provider_note_list(actor=actor), public_id=public_id)


def access_provider_group(actor: User, public_id) -> ProviderGroup:
    """A provider group of the actor's consortium; 404 whether missing or not theirs."""
    return get_object_or_404(ProviderGroup.objects.for_user(actor), public_id=public_id)
