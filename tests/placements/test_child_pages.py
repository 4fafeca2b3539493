"""Children's pages: the list, the record, adding and changing a child, and the access log.

Council staff read their own borough's children (consortium-wide roles every borough's); only
the borough's commissioners write; another borough's child is a 404; providers get 403.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from boroughs.choices import Role
from placements.models import Child, ChildAccessLog

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

MSG_POSTCODE = "Enter a real postcode, like CR0 1NX"


@pytest.fixture
def croydon_analyst(croydon):
    return UserFactory(borough=croydon, role=Role.BOROUGH_ANALYST)


def child_urls(child) -> list[str]:
    return [
        reverse(f"placements:{name}", args=[child.public_id])
        for name in ("child_detail", "child_edit", "child_access_log")
    ]


def new_child_data(**overrides) -> dict:
    data = {
        "reference": "CR-0100",
        "name": "Alex Example",
        "date_of_birth_0": "1",
        "date_of_birth_1": "10",
        "date_of_birth_2": "2015",
        "sex": "F",
        "home_postcode": "cr0 1aa",
        "primary_need": "SEMH",
        "secondary_needs": ["SLCN"],
        "legal_status": "",
    }
    data.update(overrides)
    return data


def add_children(borough, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        Child.objects.create(
            borough=borough,
            reference=f"CR-{n:04d}",
            date_of_birth=date(2014, 1, 1),
            sex="M",
            home_postcode="CR0 1AA",
            primary_need="ASD",
        )


# --- The list -------------------------------------------------------------------------------


def test_a_commissioner_sees_the_boroughs_children_and_can_add_one(child, alice, client_for):
    page = client_for(alice).get(reverse("placements:child_list")).text
    assert "CR-0042" in page
    assert "Autistic spectrum disorder" in page
    assert f"Year {child.national_curriculum_year}" in page
    assert ">CR0<" in page
    assert "CR0 1AA" not in page  # the list shows the district only
    assert "Add a child" in page
    assert "Borough</th>" not in page


def test_a_child_is_found_by_part_of_their_reference_and_the_search_is_logged(
    child, bromley_child, alice, lead_analyst, client_for
):
    page = client_for(alice).get(reverse("placements:child_list"), {"reference": "cr-00"}).text
    assert "CR-0042" in page and "with a reference containing “cr-00”" in page
    assert ChildAccessLog.objects.filter(child=child, what="children list").exists()
    none = client_for(alice).get(reverse("placements:child_list"), {"reference": "BR-0007"}).text
    assert "No child has a reference containing “BR-0007”." in none  # another borough's child
    both = client_for(lead_analyst).get(reverse("placements:child_list"), {"reference": "0"}).text
    assert "CR-0042" in both and "BR-0007" in both


def test_the_list_counts_a_childs_open_requests(draft_request, alice, client_for):
    page = client_for(alice).get(reverse("placements:child_list")).text
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1</td>' in page


def test_a_borough_analyst_reads_the_list_without_the_add_button(
    child, croydon_analyst, client_for
):
    page = client_for(croydon_analyst).get(reverse("placements:child_list")).text
    assert "CR-0042" in page
    assert "Add a child" not in page


def test_another_boroughs_commissioner_sees_an_empty_list(child, charlie, client_for):
    page = client_for(charlie).get(reverse("placements:child_list")).text
    assert "CR-0042" not in page
    assert "Your borough has not recorded any children yet." in page


def test_a_lead_analyst_sees_every_boroughs_children_with_their_borough(
    child, bromley_child, lead_analyst, client_for
):
    page = client_for(lead_analyst).get(reverse("placements:child_list")).text
    assert "CR-0042" in page and "BR-0007" in page
    assert "Borough</th>" in page
    assert "Bromley" in page and "Croydon" in page


def test_the_child_list_costs_the_same_for_one_or_five_children(
    croydon, alice, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    url = reverse("placements:child_list")
    add_children(croydon, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add_children(croydon, 4, start=1)
    with django_assert_max_num_queries(len(one)):
        page = client.get(url).text
    assert page.count("govuk-table__row") == 6  # the header and five children


# --- The record -----------------------------------------------------------------------------


def test_the_owner_sees_the_name_postcode_and_can_raise_a_request(child, alice, client_for):
    response = client_for(alice).get(reverse("placements:child_detail", args=[child.public_id]))
    page = response.text
    assert response.status_code == 200
    assert "Sam Example" in page
    assert "CR0 1AA" in page
    assert "Raise a placement request" in page
    assert reverse("placements:request_create", args=[child.public_id]) in page
    assert "No placement requests have been raised for this child." in page


def test_viewing_a_childs_record_writes_an_access_log_row(child, alice, client_for):
    client_for(alice).get(reverse("placements:child_detail", args=[child.public_id]))
    log = ChildAccessLog.objects.get()
    assert (log.child, log.user, log.what) == (child, alice, "record")


def test_the_record_lists_the_childs_requests(draft_request, child, alice, client_for):
    page = client_for(alice).get(reverse("placements:child_detail", args=[child.public_id])).text
    assert draft_request.reference in page
    assert reverse("placements:request_detail", args=[draft_request.public_id]) in page


def test_a_lead_analyst_sees_another_boroughs_child_without_name_or_full_postcode(
    bromley_child, lead_analyst, client_for
):
    Child.objects.filter(pk=bromley_child.pk).update(name="Jo Bromley")
    url = reverse("placements:child_detail", args=[bromley_child.public_id])
    response = client_for(lead_analyst).get(url)
    assert response.status_code == 200
    assert "Jo Bromley" not in response.text
    assert "BR1 1AB" not in response.text
    assert "BR1" in response.text
    assert "Raise a placement request" not in response.text


def test_a_borough_analyst_reads_the_record_but_cannot_raise_a_request(
    child, croydon_analyst, client_for
):
    url = reverse("placements:child_detail", args=[child.public_id])
    response = client_for(croydon_analyst).get(url)
    assert response.status_code == 200
    assert "Raise a placement request" not in response.text


def test_another_boroughs_commissioner_gets_404_on_every_child_page(child, charlie, client_for):
    client = client_for(charlie)
    for url in child_urls(child):
        assert client.get(url).status_code == 404, url
    assert client.post(child_urls(child)[1], new_child_data()).status_code == 404
    assert not ChildAccessLog.objects.exists()


def test_a_provider_gets_403_on_every_child_page(child, pat, client_for):
    client = client_for(pat)
    for url in [reverse("placements:child_list"), reverse("placements:child_create")]:
        assert client.get(url).status_code == 403, url
    for url in child_urls(child):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("placements:child_create"), new_child_data()).status_code == 403


def test_a_borough_analyst_gets_403_on_adding_or_changing_a_child(
    child, croydon_analyst, client_for
):
    client = client_for(croydon_analyst)
    create, edit = reverse("placements:child_create"), child_urls(child)[1]
    for url in (create, edit):
        assert client.get(url).status_code == 403
        assert client.post(url, new_child_data()).status_code == 403
    assert Child.objects.count() == 1


# --- Adding and changing --------------------------------------------------------------------


def test_adding_a_child_saves_the_record_and_shows_it(home_postcode, alice, client_for):
    response = client_for(alice).post(reverse("placements:child_create"), new_child_data())
    child = Child.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("placements:child_detail", args=[child.public_id])
    assert (child.borough, child.reference, child.home_postcode) == (
        alice.borough,
        "CR-0100",
        "CR0 1AA",
    )
    assert child.date_of_birth == date(2015, 10, 1)
    assert child.secondary_needs == ["SLCN"]


@pytest.mark.parametrize("postcode", ["CR0 ABC", "not a postcode at all"])
def test_a_bad_postcode_is_refused_at_its_field_and_nothing_is_saved(postcode, alice, client_for):
    url = reverse("placements:child_create")
    response = client_for(alice).post(url, new_child_data(home_postcode=postcode))
    assert response.status_code == 200
    page = response.text
    assert f'<a href="#id_home_postcode">{MSG_POSTCODE}</a>' in page  # the error summary
    at_field = re.search(
        r'id="id_home_postcode_1_error"[^>]*>.*?Error:</span>\s*(.*?)\s*</span>', page, re.S
    )
    assert at_field.group(1) == MSG_POSTCODE
    assert not Child.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(alice, client_for):
    data = new_child_data(date_of_birth_2=str(date.today().year + 1))
    response = client_for(alice).post(reverse("placements:child_create"), data)
    assert "The child&#x27;s date of birth must be in the past" in response.text
    assert 'href="#id_date_of_birth_0"' in response.text
    assert not Child.objects.exists()


def test_a_missing_date_of_birth_asks_for_it(alice, client_for):
    data = new_child_data(date_of_birth_0="", date_of_birth_1="", date_of_birth_2="")
    response = client_for(alice).post(reverse("placements:child_create"), data)
    assert escape("Enter the child's date of birth") in response.text


def test_a_reference_the_borough_already_uses_is_refused_at_its_field(child, alice, client_for):
    data = new_child_data(reference="CR-0042")
    response = client_for(alice).post(reverse("placements:child_create"), data)
    assert '<a href="#id_reference">Your borough already has a child with this reference</a>' in (
        response.text
    )
    assert Child.objects.count() == 1


def test_changing_a_record_shows_the_current_values_and_saves_the_change(child, alice, client_for):
    client = client_for(alice)
    url = reverse("placements:child_edit", args=[child.public_id])
    form = client.get(url).text
    assert 'value="CR-0042"' in form and 'value="Sam Example"' in form
    data = new_child_data(reference="CR-0042", name="Sam Changed", home_postcode="CR0 1AA")
    response = client.post(url, data)
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.name, child.primary_need) == ("Sam Changed", "SEMH")


# --- The access log -------------------------------------------------------------------------


def test_the_access_log_shows_who_viewed_the_record_and_logs_itself(child, alice, bob, client_for):
    client_for(bob).get(reverse("placements:child_detail", args=[child.public_id]))
    page = client_for(alice).get(reverse("placements:child_access_log", args=[child.public_id]))
    assert page.status_code == 200
    assert bob.email in page.text and "Record" in page.text
    # Opening the log reaches the record too, so it is recorded like any other view.
    assert alice.email in page.text and "Access log" in page.text
    assert list(ChildAccessLog.objects.values_list("user__email", "what").order_by("pk")) == [
        (bob.email, "record"),
        (alice.email, "access log"),
    ]


def test_the_access_log_shows_fifty_views_a_page(child, alice, client_for):
    ChildAccessLog.objects.bulk_create(
        ChildAccessLog(child=child, user=alice, what=f"view {n}") for n in range(60)
    )
    client = client_for(alice)
    url = reverse("placements:child_access_log", args=[child.public_id])
    first = client.get(url).text
    assert "61 views, newest first" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert first.count('<tr class="govuk-table__row">') == 1 + 50
    second = client.get(f"{url}?page=2").text
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert second.count('<tr class="govuk-table__row">') == 1 + 12  # header, 62 - 50 views
