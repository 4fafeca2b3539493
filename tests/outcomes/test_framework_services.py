"""The framework's versions: a draft copies the agreed one, is edited, signed off by every member
borough and a provider, and agreed, superseding the version before. Old targets and indicators
are never rewritten."""

from __future__ import annotations

import pytest

from boroughs.choices import Role
from kernel.errors import DomainError, InvalidTransition, NotAllowed
from outcomes.choices import DomainKind, Scale, VersionStatus
from outcomes.defaults import DEFAULT_DOMAINS
from outcomes.models import Domain, FrameworkVersion, Indicator, OutcomeTarget, SignOff
from outcomes.services import framework as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_all_boroughs(version, *, except_for=()) -> None:
    """A commissioner of each member borough (but those named) signs the version off."""
    for borough in version.consortium.boroughs.exclude(ons_code__in=except_for):
        signer = UserFactory(borough=borough, role=Role.COMMISSIONER)
        services.framework_version_sign_off(actor=signer, version=version)


@pytest.fixture
def draft(framework, admin_user, consortium):
    return services.framework_version_create(actor=admin_user, consortium=consortium)


# --- Starting a version -------------------------------------------------------------------------


def test_the_first_version_starts_from_the_default_domains(consortium, admin_user):
    version = services.framework_version_create(actor=admin_user, consortium=consortium)

    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    kinds = list(version.domains.values_list("kind", flat=True))
    assert kinds.count(DomainKind.PREPARING_FOR_ADULTHOOD) == 4
    assert kinds.count(DomainKind.AREA_OF_NEED) == 4
    travel = Indicator.objects.get(domain__version=version, code="travel")
    assert travel.scale == Scale.RATING
    assert sorted(travel.descriptors) == ["1", "2", "3", "4", "5"]


def test_a_new_version_copies_the_agreed_one_as_the_next_draft(framework, draft):
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    copied = set(
        Indicator.objects.filter(domain__version=draft).values_list("domain__code", "code")
    )
    original = set(
        Indicator.objects.filter(domain__version=framework).values_list("domain__code", "code")
    )
    assert copied == original
    assert len(original) == sum(len(indicators) for *_, indicators in DEFAULT_DOMAINS)
    framework.refresh_from_db()
    assert framework.status == VersionStatus.AGREED
    assert not draft.sign_offs.exists()


def test_only_one_draft_at_a_time(draft, admin_user, consortium):
    with pytest.raises(InvalidTransition) as refused:
        services.framework_version_create(actor=admin_user, consortium=consortium)

    assert refused.value.message == services.MSG_DRAFT_EXISTS.format(number=2)


def test_only_a_consortium_admin_starts_a_version(framework, alice, consortium):
    with pytest.raises(NotAllowed):
        services.framework_version_create(actor=alice, consortium=consortium)


# --- Sign-off and agreement ---------------------------------------------------------------------


def test_agreement_waits_for_every_borough_and_a_provider_then_supersedes_version_1(
    framework, draft, admin_user, charlie, pat, bright_futures
):
    sign_all_boroughs(draft, except_for=["E09000006"])
    with pytest.raises(InvalidTransition) as refused:
        services.framework_version_agree(actor=admin_user, version=draft)
    assert refused.value.message == services.MSG_MISSING_BOROUGHS.format(names="Bromley")

    services.framework_version_sign_off(actor=charlie, version=draft)
    with pytest.raises(InvalidTransition) as refused:
        services.framework_version_agree(actor=admin_user, version=draft)
    assert refused.value.message == services.MSG_NO_PROVIDER

    services.framework_version_sign_off(actor=pat, version=draft)
    agreed = services.framework_version_agree(actor=admin_user, version=draft)

    framework.refresh_from_db()
    assert agreed.status == VersionStatus.AGREED
    assert agreed.agreed_by == admin_user and agreed.agreed_at is not None
    assert framework.status == VersionStatus.SUPERSEDED
    assert SignOff.objects.get(version=draft, provider__isnull=False).provider == bright_futures[0]


def test_a_borough_signs_off_once(draft, alice, bob, croydon):
    signed = services.framework_version_sign_off(actor=alice, version=draft)
    assert (signed.borough, signed.signed_by) == (croydon, alice)

    with pytest.raises(InvalidTransition) as refused:
        services.framework_version_sign_off(actor=bob, version=draft)

    assert refused.value.message == services.MSG_ALREADY_SIGNED.format(party=croydon)
    assert draft.sign_offs.count() == 1


def test_an_analyst_signs_for_their_borough_and_a_provider_for_its_own(
    draft, bromley_analyst, bromley, olly, other_schools
):
    services.framework_version_sign_off(actor=bromley_analyst, version=draft)
    services.framework_version_sign_off(actor=olly, version=draft)

    assert set(draft.sign_offs.values_list("borough", "provider")) == {
        (bromley.pk, None),
        (None, other_schools[0].pk),
    }


def test_a_consortium_admin_does_not_sign_off(draft, admin_user):
    with pytest.raises(NotAllowed):
        services.framework_version_sign_off(actor=admin_user, version=draft)


def test_an_agreed_version_cannot_be_signed_off(framework, bob):
    with pytest.raises(InvalidTransition):
        services.framework_version_sign_off(actor=bob, version=framework)


def test_only_a_consortium_admin_agrees(draft, alice):
    with pytest.raises(NotAllowed):
        services.framework_version_agree(actor=alice, version=draft)


def test_an_agreed_version_cannot_be_agreed_again(framework, admin_user):
    with pytest.raises(InvalidTransition):
        services.framework_version_agree(actor=admin_user, version=framework)


# --- Editing a draft ----------------------------------------------------------------------------


def test_changing_a_draft_withdraws_its_sign_offs(draft, admin_user, alice):
    services.framework_version_sign_off(actor=alice, version=draft)

    services.domain_create(
        actor=admin_user,
        version=draft,
        code="transitions",
        name="Transitions",
        kind=DomainKind.PREPARING_FOR_ADULTHOOD,
    )

    assert not draft.sign_offs.exists()
    assert draft.domains.order_by("order").last().code == "transitions"


def test_an_agreed_version_cannot_be_changed(framework, admin_user):
    domain = framework.domains.first()
    with pytest.raises(InvalidTransition) as refused:
        services.domain_update(
            actor=admin_user, domain=domain, code=domain.code, name="Renamed", kind=domain.kind
        )

    assert refused.value.message == services.MSG_NOT_DRAFT.format(status="agreed")


def test_a_rating_indicator_needs_what_every_point_means(draft, admin_user):
    domain = draft.domains.get(code="health")
    with pytest.raises(DomainError) as refused:
        services.indicator_create(
            actor=admin_user,
            domain=domain,
            code="sleep",
            name="Sleep",
            scale=Scale.RATING,
            descriptors={"1": "Poor", "2": "Some", "3": "", "4": "Good", "5": "Very good"},
        )

    assert (refused.value.field, refused.value.message) == ("descriptors", services.MSG_DESCRIPTORS)


def test_a_gas_indicator_keeps_no_descriptors_of_its_own(draft, admin_user):
    indicator = services.indicator_create(
        actor=admin_user,
        domain=draft.domains.get(code="health"),
        code="sleep",
        name="Sleep",
        scale=Scale.GOAL_ATTAINMENT,
        descriptors={"1": "ignored"},
    )

    assert indicator.descriptors == {}


def test_codes_are_unique_within_a_version_and_a_domain(draft, admin_user):
    with pytest.raises(DomainError) as refused:
        services.domain_create(
            actor=admin_user, version=draft, code="health", name="Health", kind="pfa"
        )
    assert refused.value.field == "code"

    with pytest.raises(DomainError) as refused:
        services.indicator_create(
            actor=admin_user,
            domain=draft.domains.get(code="independent-living"),
            code="travel",
            name="Travel again",
            scale=Scale.GOAL_ATTAINMENT,
        )
    assert refused.value.message == services.MSG_INDICATOR_CODE_TAKEN


def test_a_new_version_leaves_version_1_targets_and_indicators_untouched(
    framework, targets, draft, admin_user, pat
):
    communication = Indicator.objects.get(domain__version=draft, code="communication")
    services.indicator_update(
        actor=admin_user,
        indicator=communication,
        code="communication",
        name="Communication in class and at home",
        scale=Scale.RATING,
        descriptors={str(n): f"Point {n}" for n in range(1, 6)},
    )
    services.indicator_delete(
        actor=admin_user, indicator=Indicator.objects.get(domain__version=draft, code="travel")
    )
    sign_all_boroughs(draft)
    services.framework_version_sign_off(actor=pat, version=draft)
    services.framework_version_agree(actor=admin_user, version=draft)

    old = Indicator.objects.get(domain__version=framework, code="communication")
    assert (old.name, old.scale) == (
        "Expressive and receptive communication",
        Scale.GOAL_ATTAINMENT,
    )
    assert Indicator.objects.filter(domain__version=framework, code="travel").exists()
    for target in targets:
        kept = OutcomeTarget.objects.get(pk=target.pk)
        assert kept.indicator.domain.version_id == framework.pk
        assert (kept.baseline, kept.target) == (target.baseline, target.target)
    assert Domain.objects.filter(version=framework).count() == len(DEFAULT_DOMAINS)
    assert FrameworkVersion.objects.get(pk=framework.pk).status == VersionStatus.SUPERSEDED
