"""Framework pages: the versions, one version in full, sign-off and agreement by button, and a
consortium admin's editing of a draft. Council staff and provider users read them; only a
consortium admin starts, edits or agrees a version (403 for others)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boroughs.choices import Role
from outcomes.choices import Scale, VersionStatus
from outcomes.models import Domain, FrameworkVersion, Indicator, SignOff
from outcomes.services import framework as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/outcomes/framework/"


def url(name: str, version, **kwargs) -> str:
    return reverse(f"outcomes:{name}", kwargs={"public_id": version.public_id, **kwargs})


@pytest.fixture
def draft(framework, admin_user, consortium):
    return services.framework_version_create(actor=admin_user, consortium=consortium)


def test_the_list_shows_each_version_with_its_sign_off_progress(client_for, alice, framework):
    page = client_for(alice).get(LIST)

    assert page.status_code == 200
    text = page.content.decode()
    assert "Version 1" in text and "Agreed" in text
    assert "12 of 12 boroughs, 1 provider" in text
    assert "Start a new version" not in text


def test_a_provider_user_reads_the_framework_too(client_for, pat, framework):
    listed = client_for(pat).get(LIST)
    shown = client_for(pat).get(url("framework_detail", framework))

    assert listed.status_code == shown.status_code == 200
    assert "Sign off" not in shown.content.decode()


def test_the_navigation_links_council_staff_and_providers_to_the_framework(
    client_for, alice, pat, framework
):
    for user in (alice, pat):
        page = client_for(user).get(url("framework_detail", framework))
        assert f'href="{LIST}"' in page.content.decode()


def test_the_detail_page_shows_domains_scales_descriptors_and_sign_offs(client_for, bob, framework):
    text = client_for(bob).get(url("framework_detail", framework)).content.decode()

    assert "Being healthy" in text and "Broad area of need" in text
    assert "Much more than expected" in text  # the GAS scale
    assert "2: Emerging: does this with a lot of support" in text  # a rating's descriptor
    assert "Bright Futures Education Limited" in text and "Provider representative" in text
    assert "Bromley" in text


def test_a_commissioner_signs_off_a_draft_for_their_borough(client_for, alice, croydon, draft):
    client = client_for(alice)
    assert "Sign off for Croydon" in client.get(url("framework_detail", draft)).content.decode()

    answer = client.post(url("framework_sign_off", draft), follow=True)

    assert SignOff.objects.get(version=draft).borough == croydon
    text = answer.content.decode()
    assert "You have signed off version 2" in text
    assert "Croydon has signed off this version" in text
    assert "1 of 12 boroughs, 0 providers" in text


def test_signing_off_twice_is_refused_on_the_page(client_for, alice, bob, draft):
    client_for(alice).post(url("framework_sign_off", draft))

    answer = client_for(bob).post(url("framework_sign_off", draft), follow=True)

    assert "Croydon has already signed off this version" in answer.content.decode()
    assert draft.sign_offs.count() == 1


def test_a_commissioner_cannot_agree_or_start_a_version(client_for, alice, draft):
    client = client_for(alice)

    assert client.post(url("framework_agree", draft)).status_code == 403
    assert client.post(reverse("outcomes:framework_create")).status_code == 403
    assert FrameworkVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_agreeing_an_incomplete_draft_says_who_is_still_to_sign(client_for, admin_user, draft):
    answer = client_for(admin_user).post(url("framework_agree", draft), follow=True)

    assert "Every member borough must sign off first" in answer.content.decode()
    assert FrameworkVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_the_admin_agrees_a_signed_off_draft_and_version_1_is_superseded(
    client_for, admin_user, framework, draft, pat
):
    for borough in draft.consortium.boroughs.all():
        signer = UserFactory(borough=borough, role=Role.BOROUGH_ANALYST)
        services.framework_version_sign_off(actor=signer, version=draft)
    services.framework_version_sign_off(actor=pat, version=draft)
    client = client_for(admin_user)
    assert "Agree this version" in client.get(url("framework_detail", draft)).content.decode()

    answer = client.post(url("framework_agree", draft), follow=True)

    assert "Version 2 is agreed" in answer.content.decode()
    assert FrameworkVersion.objects.get(pk=framework.pk).status == VersionStatus.SUPERSEDED
    assert FrameworkVersion.objects.get(pk=draft.pk).status == VersionStatus.AGREED


def test_the_admin_starts_a_new_version_from_the_list(client_for, admin_user, framework):
    client = client_for(admin_user)
    assert "Start a new version" in client.get(LIST).content.decode()

    answer = client.post(reverse("outcomes:framework_create"))

    draft = FrameworkVersion.objects.get(consortium=framework.consortium, number=2)
    assert answer.status_code == 302 and answer["Location"] == url("framework_detail", draft)
    assert "Start a new version" not in client.get(LIST).content.decode()


# --- Editing a draft ----------------------------------------------------------------------------


def test_the_admin_adds_a_domain_to_a_draft(client_for, admin_user, draft):
    answer = client_for(admin_user).post(
        url("domain_create", draft), {"name": "Transitions", "code": "transitions", "kind": "pfa"}
    )

    assert answer.status_code == 302
    assert Domain.objects.filter(version=draft, code="transitions", name="Transitions").exists()


def test_a_rating_indicator_form_asks_for_each_missing_descriptor(client_for, admin_user, draft):
    page = client_for(admin_user).post(
        url("indicator_create", draft, domain="health"),
        {"name": "Sleep", "code": "sleep", "scale": Scale.RATING, "descriptor_1": "Poor"},
    )

    assert page.status_code == 200
    assert page.context["form"].errors["descriptor_3"] == ["Enter what a rating of 3 means"]
    assert not Indicator.objects.filter(domain__version=draft, code="sleep").exists()


def test_a_taken_code_is_shown_at_the_code_field(client_for, admin_user, draft):
    page = client_for(admin_user).post(
        url("domain_edit", draft, domain="health"),
        {"name": "Being healthy", "code": "semh", "kind": "pfa"},
    )

    assert page.context["form"].errors["code"] == [services.MSG_DOMAIN_CODE_TAKEN]


def test_the_admin_changes_and_removes_an_indicator(client_for, admin_user, draft):
    client = client_for(admin_user)
    client.post(
        url("indicator_edit", draft, domain="health", indicator="wellbeing"),
        {"name": "Wellbeing", "code": "wellbeing", "scale": Scale.GOAL_ATTAINMENT},
    )
    assert Indicator.objects.get(domain__version=draft, code="wellbeing").scale == "gas"

    client.post(url("indicator_delete", draft, domain="health", indicator="wellbeing"))

    assert not Indicator.objects.filter(domain__version=draft, code="wellbeing").exists()


def test_only_the_admin_edits_a_draft(client_for, alice, pat, draft):
    for user in (alice, pat):
        assert client_for(user).get(url("domain_create", draft)).status_code == 403


def test_an_agreed_versions_edit_page_goes_back_to_the_version(client_for, admin_user, framework):
    answer = client_for(admin_user).get(url("framework_edit", framework))

    assert answer.status_code == 302 and answer["Location"] == url("framework_detail", framework)


def test_an_unknown_domain_code_is_a_404(client_for, admin_user, draft):
    page = client_for(admin_user).get(url("domain_edit", draft, domain="no-such-domain"))

    assert page.status_code == 404


# --- Query counts -------------------------------------------------------------------------------


def detail_queries(client, version) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url("framework_detail", version)).status_code == 200
    return len(captured.captured_queries)


def test_the_detail_pages_queries_do_not_grow_with_domains_indicators_or_sign_offs(
    client_for, admin_user, alice, draft
):
    client = client_for(alice)
    detail_queries(client, draft)  # warm the session and caches
    before = detail_queries(client, draft)
    for n in range(5):
        domain = services.domain_create(
            actor=admin_user, version=draft, code=f"extra-{n}", name=f"Extra {n}", kind="pfa"
        )
        for i in range(3):
            services.indicator_create(
                actor=admin_user, domain=domain, code=f"i-{i}", name=f"I {i}", scale="gas"
            )
    for borough in draft.consortium.boroughs.exclude(pk=alice.borough_id):
        signer = UserFactory(borough=borough, role=Role.COMMISSIONER)
        services.framework_version_sign_off(actor=signer, version=draft)

    assert detail_queries(client, draft) == before
