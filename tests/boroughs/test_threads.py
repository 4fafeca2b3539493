"""The peer network's threads: member boroughs discuss by topic and reply; providers never see
them; a thread never identifies a child."""

import pytest
from django.urls import reverse

from boroughs import privacy, threads
from boroughs.choices import Role
from boroughs.models import Borough, Consortium, Thread, ThreadTopic
from kernel.errors import DomainError, NotAllowed

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/threads/"


@pytest.fixture
def thread(alice):
    return threads.thread_start(
        actor=alice,
        topic=ThreadTopic.MARKET,
        title="52-week SEMH places",
        body="Are others struggling to find 52-week SEMH places?",
    )


def detail(thread) -> str:
    return reverse("thread_detail", kwargs={"public_id": thread.public_id})


# --- Pages ----------------------------------------------------------------------------------------


def test_a_commissioner_starts_a_thread_from_the_page(client_for, alice):
    response = client_for(alice).post(
        reverse("thread_start"),
        {"topic": "practice", "title": "Annual reviews", "body": "How do you use returns?"},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response.url == detail(thread)
    assert (thread.topic, thread.borough, thread.started_by) == ("practice", alice.borough, alice)


def test_another_borough_reads_the_thread_and_replies(client_for, charlie, thread):
    client = client_for(charlie)
    response = client.post(detail(thread), {"body": "Same here: one offer each time."})
    assert response.status_code == 302
    page = client.get(detail(thread)).text
    assert "52-week SEMH places" in page
    assert "Same here: one offer each time." in page
    assert "Bromley" in page
    assert "1 reply" in page


def test_a_reply_moves_the_thread_to_the_top_of_the_list(client_for, alice, charlie, thread):
    later = threads.thread_start(actor=alice, topic="other", title="Newer thread", body="Hello")
    threads.thread_reply(actor=charlie, thread=thread, body="Bumping this")
    rows = list(threads.thread_list(actor=charlie))
    assert rows == [thread, later]
    assert rows[0].reply_count == 1


def test_the_thread_list_filters_by_topic(client_for, alice, thread):
    threads.thread_start(actor=alice, topic="quality", title="Outcomes returns", body="Notes")
    page = client_for(alice).get(reverse("thread_list"), {"topic": "market"}).text
    assert "52-week SEMH places" in page
    assert "Outcomes returns" not in page


def test_the_landing_page_shows_recent_threads(client_for, bromley_analyst, thread):
    page = client_for(bromley_analyst).get(reverse("peer_network")).text
    assert "Peer network" in page
    assert "52-week SEMH places" in page


def test_a_reply_naming_a_child_is_refused_at_the_field(client_for, bob, thread, child):
    response = client_for(bob).post(detail(thread), {"body": "This is about cr-0042's move"})
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [privacy.MSG_CHILD]
    assert not thread.replies.exists()


def test_every_borough_staff_member_sees_peer_network_in_the_navigation(client_for, alice, pat):
    # Under the Market entry of the menu, in that area's own list of pages.
    market = client_for(alice).get(reverse("providers:directory")).text
    assert 'aria-label="Market"' in market and 'href="/peer-network/"' in market
    assert 'href="/peer-network/"' not in client_for(pat).get(reverse("dashboard")).text


@pytest.mark.parametrize("who", ["pat", "olly"])
def test_a_provider_gets_404_for_a_thread_and_403_for_the_lists(who, request, client_for, thread):
    client = client_for(request.getfixturevalue(who))
    assert client.get(detail(thread)).status_code == 404
    assert client.post(detail(thread), {"body": "Hello"}).status_code == 404
    for name in ("peer_network", "thread_list", "thread_start"):
        assert client.get(reverse(name)).status_code == 403
    assert not thread.replies.exists()


# --- Services and the rule that no child is identified ------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Lives at CR0 1AA with a foster carer", privacy.MSG_POSTCODE),
        ("lives at cr0 1aa", privacy.MSG_POSTCODE),
        ("Born 14/03/2016, placed in Year 5", privacy.MSG_DATE_OF_BIRTH),
        ("DOB: 14 March 2016", privacy.MSG_DATE_OF_BIRTH),
        ("Their UPN is A123456789012", privacy.MSG_PUPIL_NUMBER),
        ("About CR-0042 at the school", privacy.MSG_CHILD),
        ("Sam Example has settled well", privacy.MSG_CHILD),
    ],
)
def test_text_that_identifies_a_child_is_refused(alice, child, text, message):
    with pytest.raises(DomainError) as refused:
        threads.thread_start(actor=alice, topic="other", title="A question", body=text)
    assert (refused.value.message, refused.value.field) == (message, "body")


@pytest.mark.parametrize(
    "text",
    [
        "Settings in CR0 and BR1 have vacancies",
        "Fees rose on 1/4/2026 for Year 11 2nd placements",
        "Sam is a common name; CR-00421 is not a reference we hold",
        "Inspected 14 March 2026",
    ],
)
def test_text_about_places_and_dates_without_a_child_is_accepted(alice, child, text):
    thread = threads.thread_start(actor=alice, topic="other", title="A question", body=text)
    assert thread.body == text


def test_a_title_naming_a_child_is_refused_at_the_title(alice, child):
    with pytest.raises(DomainError) as refused:
        threads.thread_start(actor=alice, topic="other", title="Sam Example", body="Question")
    assert refused.value.field == "title"


def test_a_provider_cannot_start_or_reply_to_a_thread(pat, thread):
    with pytest.raises(NotAllowed):
        threads.thread_start(actor=pat, topic="other", title="Hello", body="Hello")
    with pytest.raises(NotAllowed):
        threads.thread_reply(actor=pat, thread=thread, body="Hello")


def test_staff_of_another_consortium_see_no_thread(thread):
    north = Consortium.objects.create(name="North", slug="north")
    leeds = Borough.objects.create(
        consortium=north, name="Leeds", ons_code="E08000035", dfe_la_code="383"
    )
    outsider = UserFactory(borough=leeds, role=Role.COMMISSIONER)
    assert list(Thread.objects.for_user(outsider)) == []
    with pytest.raises(NotAllowed):
        threads.thread_reply(actor=outsider, thread=thread, body="Hello")


# --- API ------------------------------------------------------------------------------------------


def test_the_api_starts_lists_and_shows_a_thread_with_its_replies(api_for, alice, charlie):
    api = api_for(alice)
    created = api.post(API, {"topic": "quality", "title": "Returns", "body": "How?"})
    assert created.status_code == 201
    thread_id = created.json()["id"]
    replied = api_for(charlie).post(f"{API}{thread_id}/reply/", {"body": "Termly."})
    assert replied.status_code == 201
    assert replied.json()["borough"] == charlie.borough.ons_code
    shown = api_for(charlie).get(f"{API}{thread_id}/").json()
    assert shown["reply_count"] == 1
    assert [reply["body"] for reply in shown["replies"]] == ["Termly."]
    listed = api.get(API, {"topic": "quality"}).json()["results"]
    assert [row["id"] for row in listed] == [thread_id]
    assert api.get(API, {"topic": "market"}).json()["results"] == []


def test_the_api_refuses_a_reply_naming_a_child_at_the_body(api_for, bob, thread, child):
    response = api_for(bob).post(f"{API}{thread.public_id}/reply/", {"body": "Re CR-0042"})
    assert response.status_code == 400
    assert response.json() == {"body": [privacy.MSG_CHILD]}


@pytest.mark.parametrize("who", ["pat", "olly"])
def test_a_provider_sees_no_thread_in_the_api(who, request, api_for, thread):
    api = api_for(request.getfixturevalue(who))
    assert api.get(API).json()["results"] == []
    assert api.get(f"{API}{thread.public_id}/").status_code == 404
    assert api.post(f"{API}{thread.public_id}/reply/", {"body": "Hi"}).status_code == 404
    started = api.post(API, {"topic": "other", "title": "Hi", "body": "Hi"})
    assert started.status_code == 403
    assert Thread.objects.count() == 1


def test_a_malformed_thread_id_is_the_apis_json_404(api_for, alice):
    response = api_for(alice).post(f"{API}0.5/reply/", {"body": "Hi"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
