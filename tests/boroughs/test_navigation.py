"""The menu has at most seven entries for any role: pages fold into areas, each area lists its
own pages inside it, and account security and signing out are in the header."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def menu(page: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Menu".*?</nav>', page, re.S).group(0)
    return [
        re.sub(r"<[^>]+>", "", link).strip()
        for link in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)
    ]


def area(page: str, label: str) -> list[str]:
    nav = re.search(rf'<nav class="app-subnav" aria-label="{label}">.*?</nav>', page, re.S).group(0)
    return [
        re.sub(r"<[^>]+>", "", link).strip()
        for link in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)
    ]


def test_a_commissioner_has_six_entries_and_each_area_lists_its_pages(alice, client_for):
    client = client_for(alice)
    dashboard = client.get(reverse("dashboard")).text
    assert menu(dashboard) == [
        "Dashboard", "Placements", "Outcomes", "Figures", "Market", "Your borough",
    ]  # fmt: skip
    assert 'class="app-subnav"' not in dashboard  # the dashboard stands alone
    savings = client.get(reverse("placements:savings")).text
    assert area(savings, "Figures") == [
        "Savings", "Demand", "Sufficiency", "Benchmarks", "Placements Data Standard",
        "Statutory returns",
    ]  # fmt: skip
    assert 'aria-current="page">Savings<' in savings


def test_providers_have_four_entries(pat, client_for):
    page = client_for(pat).get(reverse("placements:invitation_list")).text
    assert menu(page) == ["Dashboard", "Placements", "Outcomes", "Your organisation"]
    assert area(page, "Placements") == ["Placement requests", "Our placements", "Invoices"]


@pytest.mark.parametrize("who", ["alice", "pat", "admin_user", "lead_analyst"])
def test_no_role_has_more_than_seven_entries_and_the_account_is_in_the_header(
    who, request, client_for
):
    page = client_for(request.getfixturevalue(who)).get(reverse("dashboard")).text
    assert len(menu(page)) <= 7
    header = page[page.index("<header") : page.index("</header>")]
    assert "Account security" in header and "Sign out" in header
