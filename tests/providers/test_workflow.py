"""The DPS state machines, walked whole, and the accreditation journey through the services."""

from datetime import timedelta
from itertools import product

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kernel.errors import DomainError, InvalidTransition, NotAllowed
from kernel.workflow import transition
from providers import services
from providers.choices import ApplicationStatus, EnrolmentStatus, EvidenceType, ExclusionGround
from providers.models import (
    Application,
    ApplicationEvent,
    Enrolment,
    EnrolmentEvent,
    EvidenceDocument,
)
from providers.workflow import (
    APPLICATION_TRANSITIONS,
    ENROLMENT_TRANSITIONS,
    PROVIDER,
    REVIEWER,
    application_machine,
    enrolment_machine,
)

from .conftest import details_confirmed, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_send_dps")]


def test_the_accreditation_journey_enrols_the_setting_and_tells_the_provider(
    submitted_application,
    provider_alice,
    reviewer,
    setting,
    day_lot,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_start_review(actor=reviewer, application=submitted_application)
        services.clarification_request(
            actor=reviewer,
            application=submitted_application,
            question="Which therapies are on site?",
        )
    assert "Which therapies are on site?" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [provider_alice.email]
    clarification = submitted_application.clarifications.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.clarification_answer(
            actor=provider_alice, clarification=clarification, answer="Speech and OT"
        )
    assert mail.outbox[-1].to == [reviewer.email]
    submitted_application.refresh_from_db()
    assert submitted_application.status == ApplicationStatus.UNDER_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        details_confirmed(submitted_application)
        enrolments = services.application_accredit(
            actor=reviewer, application=submitted_application
        )
    assert [(e.setting, e.lot, e.status) for e in enrolments] == [
        (setting, day_lot, EnrolmentStatus.ENROLLED)
    ]
    assert enrolments[0].price.weekly_ceiling == 1650.50
    assert "is accredited" in mail.outbox[-1].body
    steps = list(
        ApplicationEvent.objects.filter(application=submitted_application).values_list(
            "to_status", "actor"
        )
    )
    assert steps == [
        ("submitted", provider_alice.pk),
        ("under_review", reviewer.pk),
        ("clarification_requested", reviewer.pk),
        ("under_review", provider_alice.pk),
        ("accredited", reviewer.pk),
    ]


def test_an_incomplete_application_lists_what_is_missing(provider_alice, dps):
    application = services.application_start(actor=provider_alice, dps=dps)
    with pytest.raises(services.ApplicationIncomplete) as error:
        services.application_submit(actor=provider_alice, application=application)
    messages = [message for _, message in error.value.problems]
    assert messages[:2] == ["Select at least one lot", "Select at least one setting"]
    assert "Upload your employer's liability insurance" in messages
    assert Application.objects.get().status == ApplicationStatus.DRAFT


@pytest.mark.parametrize("source,target", list(product(ApplicationStatus.values, repeat=2)))
def test_every_application_transition_outside_the_table_is_refused(
    source, target, draft_application
):
    Application.objects.filter(pk=draft_application.pk).update(status=source)
    draft_application.refresh_from_db()
    party = APPLICATION_TRANSITIONS.get((source, target))
    if party is None:
        with pytest.raises(InvalidTransition):
            transition(application_machine(), draft_application, to=target, party=PROVIDER)
        return
    wrong_party = REVIEWER if party == PROVIDER else PROVIDER
    with pytest.raises(NotAllowed):
        transition(application_machine(), draft_application, to=target, party=wrong_party)
    transition(application_machine(), draft_application, to=target, party=party)
    assert Application.objects.get(pk=draft_application.pk).status == target


@pytest.mark.parametrize("source,target", list(product(EnrolmentStatus.values, repeat=2)))
def test_every_enrolment_transition_outside_the_table_is_refused(
    source, target, accredited_application
):
    enrolment = Enrolment.objects.get()
    Enrolment.objects.filter(pk=enrolment.pk).update(status=source)
    enrolment.refresh_from_db()
    parties = ENROLMENT_TRANSITIONS.get((source, target))
    if parties is None:
        with pytest.raises(InvalidTransition):
            transition(enrolment_machine(), enrolment, to=target, party=REVIEWER)
        return
    transition(enrolment_machine(), enrolment, to=target, party=sorted(parties)[0])
    assert EnrolmentEvent.objects.get(enrolment=enrolment).to_status == target


def test_a_provider_cannot_accredit_itself(review_application, provider_alice):
    with pytest.raises(NotAllowed):
        services.application_accredit(actor=provider_alice, application=review_application)


def test_a_commissioner_outside_the_lead_borough_cannot_review(submitted_application, charlie):
    with pytest.raises(NotAllowed):
        services.application_start_review(actor=charlie, application=submitted_application)


def test_an_exclusion_ground_that_applies_needs_mitigation(provider_alice, dps):
    application = services.application_start(actor=provider_alice, dps=dps)
    with pytest.raises(DomainError) as error:
        services.application_update(
            actor=provider_alice,
            application=application,
            exclusions={ExclusionGround.INSOLVENCY: (True, " ")},
        )
    assert error.value.field == "mitigation_insolvency"


def test_a_declaration_given_once_is_offered_again_but_must_be_confirmed(
    accredited_application, provider_alice, dps
):
    second = services.application_start(actor=provider_alice, dps=dps)
    assert second.declarations == accredited_application.declarations
    assert second.exclusions.count() == len(ExclusionGround)
    assert second.declarations_confirmed_at is None


def test_a_file_is_judged_by_its_content_not_its_name(draft_application, provider_alice):
    fake = SimpleUploadedFile(
        "policy.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf"
    )
    with pytest.raises(DomainError, match="must be a PDF"):
        services.evidence_upload(
            actor=provider_alice,
            application=draft_application,
            evidence_type=EvidenceType.OTHER,
            uploaded_file=fake,
        )


def test_insurance_needs_a_future_expiry_date(draft_application, provider_alice):
    with pytest.raises(DomainError, match="Enter the date the insurance expires"):
        services.evidence_upload(
            actor=provider_alice,
            application=draft_application,
            evidence_type=EvidenceType.PUBLIC_LIABILITY,
            uploaded_file=pdf(),
        )


def test_a_dynamic_markets_conditions_are_fixed_during_its_term(consortium, dps, admin_user):
    from providers.models import DynamicPurchasingSystem

    market = DynamicPurchasingSystem.objects.get(strand__kind="care")
    with pytest.raises(DomainError, match="cannot change during its term"):
        services.dps_update(actor=admin_user, dps=market, conditions_of_membership="New conditions")
    services.dps_update(
        actor=admin_user, dps=dps, conditions_of_membership="Revised (PCR 2015 allows it)"
    )


def test_confirmed_company_details_change_only_through_an_admin(provider_alice, admin_user, dps):
    services.application_start(actor=provider_alice, dps=dps)  # an applicant to the consortium
    provider = provider_alice.provider_membership.provider
    services.provider_confirm_details(actor=admin_user, provider=provider)
    with pytest.raises(DomainError, match="Ask the consortium admin"):
        services.provider_update(
            actor=provider_alice, provider=provider, legal_name="Renamed Limited"
        )
    services.provider_update(actor=provider_alice, provider=provider, contact_phone="020 7946 0000")
    services.provider_update(actor=admin_user, provider=provider, legal_name="Renamed Limited")


def test_a_companies_house_number_is_checked(consortium):
    from boroughs.choices import Role

    from ..factories import UserFactory

    user = UserFactory(borough=None, role=Role.PROVIDER_USER)
    with pytest.raises(DomainError, match="Companies House number of 8 characters"):
        services.provider_register(actor=user, legal_name="X Ltd", companies_house_number="123")


class TestEvidenceExpiry:
    def test_reminders_go_30_and_7_days_ahead_once_each(
        self, accredited_application, django_capture_on_commit_callbacks
    ):
        insurance = EvidenceDocument.objects.get(evidence_type=EvidenceType.PUBLIC_LIABILITY)
        day_30 = insurance.expires_on - timedelta(days=30)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.evidence_expiry_check(today=day_30)["reminded"] == 2  # both insurances
            assert services.evidence_expiry_check(today=day_30)["reminded"] == 0
        assert "expires on" in mail.outbox[-1].body
        assert (
            services.evidence_expiry_check(today=insurance.expires_on - timedelta(days=7))[
                "reminded"
            ]
            == 2
        )

    def test_expired_insurance_suspends_and_an_accepted_replacement_restores(
        self, accredited_application, provider_alice, reviewer
    ):
        insurance = EvidenceDocument.objects.get(evidence_type=EvidenceType.PUBLIC_LIABILITY)
        EvidenceDocument.objects.filter(pk=insurance.pk).update(
            expires_on=timezone.localdate() - timedelta(days=1)
        )
        assert services.evidence_expiry_check()["suspended"] == 1
        enrolment = Enrolment.objects.get()
        assert (enrolment.status, enrolment.suspended_for_expiry) == (
            EnrolmentStatus.SUSPENDED,
            True,
        )
        assert services.evidence_expiry_check()["suspended"] == 0  # idempotent

        replacement = EvidenceDocument.objects.create(
            provider=insurance.provider,
            evidence_type=EvidenceType.PUBLIC_LIABILITY,
            file=insurance.file.name,
            original_name="new.pdf",
            content_type="application/pdf",
            size=10,
            expires_on=timezone.localdate() + timedelta(days=365),
            uploaded_by=provider_alice,
        )
        services.evidence_accept(actor=reviewer, document=replacement)
        enrolment.refresh_from_db()
        assert (enrolment.status, enrolment.suspended_for_expiry) == (
            EnrolmentStatus.ENROLLED,
            False,
        )
        assert [e.actor for e in enrolment.events.all()] == [None, None]  # both by the system
