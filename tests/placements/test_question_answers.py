"""A provider's question and the borough's answer are a record both sides rely on: once given,
neither changes. A second answer is refused (409) on the page and in the API, whoever sends it,
and the provider still reads the first."""

import pytest
from django.urls import reverse

from placements import services
from placements.services.offers import MSG_ALREADY_ANSWERED

pytestmark = pytest.mark.django_db

API = "/api/v1/placements"


@pytest.fixture
def answered(near_invitation, pat, alice, emails):
    with emails():
        asked = services.question_ask(
            actor=pat, invitation=near_invitation, question="Is transport arranged?"
        )
        return services.question_answer(actor=alice, question=asked, answer="Yes, by the borough.")


def provider_reads(api_for, pat, invitation) -> list[str]:
    shown = api_for(pat).get(f"{API}/invitations/{invitation.public_id}/").json()
    return [q["answer"] for q in shown["questions"]]


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_an_answer_the_provider_has_read_cannot_be_overwritten_in_the_api(
    request, api_for, pat, answered, near_invitation, who
):
    assert provider_reads(api_for, pat, near_invitation) == ["Yes, by the borough."]
    response = api_for(request.getfixturevalue(who)).post(
        f"{API}/questions/{answered.public_id}/answer/", {"answer": "No, arrange your own."}
    )
    assert response.status_code == 409
    assert response.json() == {"detail": MSG_ALREADY_ANSWERED}
    assert provider_reads(api_for, pat, near_invitation) == ["Yes, by the borough."]


def test_an_answer_cannot_be_overwritten_from_the_page(
    client_for, api_for, alice, pat, answered, near_invitation
):
    url = reverse("placements:question_answer", args=[answered.public_id])
    response = client_for(alice).post(url, {"answer": "No, arrange your own."})
    assert response.status_code == 409
    assert MSG_ALREADY_ANSWERED in response.text
    answered.refresh_from_db()
    assert (answered.answer, answered.answered_by) == ("Yes, by the borough.", alice)
    assert provider_reads(api_for, pat, near_invitation) == ["Yes, by the borough."]


def test_a_question_cannot_be_changed_once_asked(api_for, pat, alice, answered):
    url = f"{API}/questions/{answered.public_id}/"
    for user in (pat, alice):
        response = api_for(user).patch(url, {"question": "Something else?"}, format="json")
        assert response.status_code == 405
    answered.refresh_from_db()
    assert answered.question == "Is transport arranged?"
