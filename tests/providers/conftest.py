"""DPS fixtures: the demo DPSs and lots, two providers (the first and the outsider), a
reviewer, and applications in each state, built through the services as a user would; and the
helpers several test modules share (page URLs, API ids, inspections)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from boroughs.choices import Role
from providers import services
from providers.choices import (
    REQUIRED_EVIDENCE,
    ApplicationStatus,
    Declaration,
    EvidenceType,
    ExclusionGround,
    InspectionFramework,
    LotKind,
)
from providers.demo import seed_demo as seed_dps
from providers.models import Application, DynamicPurchasingSystem, Inspection, Lot

from ..documents import tiny_pdf
from ..factories import UserFactory
from ..shared import shared

PDF = tiny_pdf()


def pdf(name="evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def dps(request, consortium):
    if shared(request, "send_dps"):  # built once for the module (tests/shared.py)
        return shared(request, "send_dps")
    seed_dps(consortium=consortium)
    return DynamicPurchasingSystem.objects.get(strand__kind="send")


@pytest.fixture
def day_lot(request, dps):
    return shared(request, "send_day_lot") or Lot.objects.get(dps=dps, kind=LotKind.ISS_DAY)


@pytest.fixture
def reviewer(croydon):
    """A lead-borough commissioner: reviews applications."""
    return UserFactory(
        email="reviewer@croydon.example.org", borough=croydon, role=Role.COMMISSIONER
    )


def _provider_user(email, legal_name, number):
    user = UserFactory(email=email, borough=None, role=Role.PROVIDER_USER)
    services.provider_register(
        actor=user,
        legal_name=legal_name,
        companies_house_number=number,
        registered_address="1 High Street, London",
        postcode="CR0 1NX",
        contact_name="Pat Provider",
        contact_email=email,
    )
    return user


@pytest.fixture
def provider_alice(consortium):
    return _provider_user(
        "alice@brightfutures.example.org", "Bright Futures Education Limited", "01234567"
    )


@pytest.fixture
def provider_olly(consortium):
    """The outsider: another provider."""
    return _provider_user("olly@otherschools.example.org", "Other Schools Limited", "SC123456")


@pytest.fixture
def setting(provider_alice):
    return services.setting_save(
        actor=provider_alice,
        name="Bright Futures School",
        urn="149001",
        establishment_type="10",
        age_low=7,
        age_high=19,
        capacity=40,
        vacancies=3,
        needs=["ASD", "SLCN"],
        postcode="CR0 2AB",
        weeks_offered=[38],
    )


def complete_draft(actor, dps, setting, lot):
    """A draft with everything a submission needs."""
    application = services.application_start(actor=actor, dps=dps)
    services.application_update(
        actor=actor,
        application=application,
        lots=[lot],
        settings=[setting],
        exclusions={ground: (False, "") for ground in ExclusionGround},
        declarations=[d.value for d in Declaration],
        employers_liability_cover=Decimal("10000000.00"),
        public_liability_cover=Decimal("5000000.00"),
    )
    for evidence in REQUIRED_EVIDENCE:
        expires = (
            timezone.localdate() + timedelta(days=365)
            if evidence in (EvidenceType.EMPLOYERS_LIABILITY, EvidenceType.PUBLIC_LIABILITY)
            else None
        )
        services.evidence_upload(
            actor=actor,
            application=application,
            evidence_type=evidence,
            uploaded_file=pdf(f"{evidence}.pdf"),
            expires_on=expires,
        )
    services.price_line_set(
        actor=actor,
        application=application,
        setting=setting,
        lot=lot,
        education=Decimal("1200.00"),
        care=Decimal("0.00"),
        therapies=Decimal("150.50"),
        one_to_one=Decimal("300.00"),
        other=Decimal("0.00"),
        weeks_per_year=38,
    )
    return application


@pytest.fixture
def draft_application(provider_alice, dps, setting, day_lot):
    return complete_draft(provider_alice, dps, setting, day_lot)


@pytest.fixture
def submitted_application(draft_application, provider_alice):
    return services.application_submit(actor=provider_alice, application=draft_application)


@pytest.fixture
def review_application(submitted_application, reviewer):
    return services.application_start_review(actor=reviewer, application=submitted_application)


def details_confirmed(application) -> None:
    """The consortium has checked the company against Companies House: accreditation needs it."""
    type(application.provider).objects.filter(pk=application.provider_id).update(
        details_confirmed_at=timezone.now()
    )
    application.provider.refresh_from_db()


@pytest.fixture
def accredited_application(review_application, reviewer):
    details_confirmed(review_application)
    services.application_accredit(
        actor=reviewer, application=review_application, reason="All checks passed"
    )
    return review_application


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
        },
    }


def url(name, **kwargs):
    """The URL of a providers page, by its name."""
    return reverse(f"providers:{name}", kwargs=kwargs)


def ids(response) -> list[str]:
    """The public ids of an API list's rows, in order."""
    return [row["id"] for row in response.json()["results"]]


def inspect(setting, overall, on):
    return Inspection.objects.create(
        setting=setting,
        framework=InspectionFramework.SCHOOL_GRADED,
        inspected_on=on,
        overall=overall,
    )


@pytest.fixture
def accredited(provider_alice, dps):
    """An accredited application of Bright Futures, to hang directly made enrolments on."""
    provider = provider_alice.provider_membership.provider
    return Application.objects.create(
        provider=provider, dps=dps, status=ApplicationStatus.ACCREDITED
    )
