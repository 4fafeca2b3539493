"""Consortium admins record provider groups through the pages: a parent company, the providers
it owns and dated findings that are kept, not rewritten."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from providers.models import GroupFlag, GroupMember, ProviderGroup
from providers.services.groups import group_add_provider, group_record

pytestmark = pytest.mark.django_db


def words(response) -> str:
    """The page's text, a space where each tag was (a line break reads as a break)."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_an_admin_records_a_group_and_its_providers(client_for, admin_user, near_setting):
    client = client_for(admin_user)
    created = client.post(
        reverse("providers:group_create"),
        {"name": "Acme Holdings plc", "companies_house_number": "01 23 45 67"},
        follow=True,
    )
    group = ProviderGroup.objects.get()
    assert group.companies_house_number == "01234567"
    assert "Group recorded" in words(created)
    provider = near_setting.provider
    added = client.post(
        reverse("providers:group_detail", args=[group.public_id]),
        {"provider": str(provider.public_id)},
        follow=True,
    )
    assert f"{provider} added to the group" in words(added)
    assert GroupMember.objects.get().provider == provider
    removed = client.post(
        reverse("providers:group_remove_provider", args=[group.public_id]),
        {"provider": str(provider.public_id)},
        follow=True,
    )
    assert f"{provider} removed from the group" in words(removed)
    assert not GroupMember.objects.exists()


def test_a_provider_counts_with_one_group_and_the_page_says_which(
    client_for, admin_user, near_setting
):
    first = group_record(actor=admin_user, name="First plc", companies_house_number="01234567")
    second = group_record(actor=admin_user, name="Second plc", companies_house_number="07654321")
    group_add_provider(actor=admin_user, group=first, provider=near_setting.provider)
    answer = client_for(admin_user).post(
        reverse("providers:group_detail", args=[second.public_id]),
        {"provider": str(near_setting.provider.public_id)},
    )
    assert answer.status_code == 200
    # The provider is not offered for a second group: the choice is refused at the field.
    assert "Select a provider" in words(answer)
    assert GroupMember.objects.get().group == first


def test_the_same_company_twice_is_refused_at_its_field(client_for, admin_user):
    group_record(actor=admin_user, name="Acme Holdings plc", companies_house_number="01234567")
    answer = client_for(admin_user).post(
        reverse("providers:group_create"),
        {"name": "Acme again", "companies_house_number": "01234567"},
    )
    assert answer.status_code == 200
    assert "A group with this Companies House number is recorded" in words(answer)
    assert ProviderGroup.objects.count() == 1


def test_a_later_finding_is_in_force_and_the_earlier_one_is_kept(client_for, admin_user):
    group = group_record(
        actor=admin_user, name="Acme Holdings plc", companies_house_number="01234567"
    )
    client = client_for(admin_user)
    url = reverse("providers:group_flag", args=[group.public_id])
    for value, source, month in (
        ("yes", "Oversight list, March", 3),
        ("no", "Oversight list, June", 6),
    ):
        client.post(
            url,
            {
                "kind": "oversight",
                "value": value,
                "source": source,
                "as_of_0": "1",
                "as_of_1": str(month),
                "as_of_2": "2026",
            },
        )
    assert GroupFlag.objects.count() == 2
    page = words(client.get(reverse("providers:group_detail", args=[group.public_id])))
    assert "Under the financial oversight regime No Oversight list, June, 1 June 2026" in page
    assert "Oversight list, March" in page  # kept in the record below


def test_a_finding_needs_its_source_and_a_date_not_in_the_future(client_for, admin_user):
    group = group_record(
        actor=admin_user, name="Acme Holdings plc", companies_house_number="01234567"
    )
    future = date.today().year + 1
    answer = client_for(admin_user).post(
        reverse("providers:group_flag", args=[group.public_id]),
        {
            "kind": "private_equity",
            "value": "yes",
            "source": "",
            "as_of_0": "1",
            "as_of_1": "1",
            "as_of_2": str(future),
        },
    )
    assert "Enter where this finding comes from" in words(answer)
    answer = client_for(admin_user).post(
        reverse("providers:group_flag", args=[group.public_id]),
        {
            "kind": "private_equity",
            "value": "yes",
            "source": "Accounts",
            "as_of_0": "1",
            "as_of_1": "1",
            "as_of_2": str(future),
        },
    )
    assert "The date of the finding must be today or in the past" in words(answer)
    assert not GroupFlag.objects.exists()


def test_commissioners_and_providers_are_refused_the_group_pages(client_for, alice, pat):
    for user in (alice, pat):
        assert client_for(user).get(reverse("providers:group_list")).status_code == 403
