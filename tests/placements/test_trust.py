"""Children's data behind every door: a borough user without a staff role sees none of it, every
child a list shows is logged, and a write by someone who may not make it is refused before its
body is read."""

import pytest
from django.urls import reverse

from boroughs.models import RoleAssignment
from placements.models import ChildAccessLog

pytestmark = pytest.mark.django_db

API = "/api/v1/placements"


@pytest.fixture
def leaver(alice):
    """A Croydon commissioner whose roles were all removed when they left."""
    RoleAssignment.objects.filter(user=alice).delete()
    return type(alice).objects.get(pk=alice.pk)  # as the next request loads them


@pytest.mark.parametrize("listed", ["children", "requests", "invitations", "placements"])
def test_a_borough_user_without_a_staff_role_lists_none_of_the_boroughs_rows(
    listed, placement, leaver, api_for
):
    response = api_for(leaver).get(f"{API}/{listed}/")
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert response.json()["results"] == []
    assert "Sam" not in response.text


def test_a_borough_user_without_a_staff_role_cannot_open_a_childs_record(
    child, leaver, api_for, client_for
):
    assert api_for(leaver).get(f"{API}/children/{child.public_id}/").status_code == 404
    page = client_for(leaver).get(reverse("placements:child_detail", args=[child.public_id]))
    assert page.status_code in (403, 404)
    assert not ChildAccessLog.objects.filter(user=leaver).exists()


def test_removing_the_last_staff_role_takes_access_away_at_once(child, alice, api_for):
    api = api_for(alice)
    assert api.get(f"{API}/children/{child.public_id}/").status_code == 200
    RoleAssignment.objects.filter(user=alice).delete()
    fresh = type(alice).objects.get(pk=alice.pk)  # the next request loads the user again
    assert api_for(fresh).get(f"{API}/children/{child.public_id}/").status_code == 404


def test_listing_children_logs_every_child_listed(child, bromley_child, alice, api_for):
    response = api_for(alice).get(f"{API}/children/")
    assert [row["id"] for row in response.json()["results"]] == [str(child.public_id)]
    logged = ChildAccessLog.objects.filter(user=alice)
    assert list(logged.values_list("child_id", flat=True)) == [child.pk]
    assert not ChildAccessLog.objects.filter(child=bromley_child).exists()


def test_a_providers_invitations_list_logs_each_child_it_shows(near_invitation, pat, api_for):
    response = api_for(pat).get(f"{API}/invitations/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
    logged = ChildAccessLog.objects.filter(user=pat)
    assert list(logged.values_list("child_id", flat=True)) == [near_invitation.request.child_id]


def test_the_childrens_list_page_logs_the_children_on_it(child, alice, client_for):
    assert client_for(alice).get(reverse("placements:child_list")).status_code == 200
    assert ChildAccessLog.objects.filter(user=alice, child=child).count() == 1


def test_another_boroughs_write_to_a_setting_is_refused_before_its_body_is_read(
    near_setting, charlie, api_for
):
    """An empty PUT from Bromley's commissioner names no field errors of a setting they may
    not change: the refusal comes first, and nothing changes."""
    url = f"/api/v1/dps/settings/{near_setting.public_id}/"
    response = api_for(charlie).put(url, {}, format="json")
    assert response.status_code in (403, 404)
    assert "name" not in response.json()
    near_setting.refresh_from_db()
    assert near_setting.name == "Bright Futures School"


def test_another_providers_write_to_a_setting_is_404(near_setting, olly, api_for):
    url = f"/api/v1/dps/settings/{near_setting.public_id}/"
    assert api_for(olly).patch(url, {"name": "Taken"}, format="json").status_code == 404
