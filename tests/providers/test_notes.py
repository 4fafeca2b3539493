"""Provider notes of the peer network: member boroughs share what they know about a provider or
a setting; providers never see the notes; a note never identifies a child."""

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape

from boroughs import privacy
from kernel.errors import DomainError, NotAllowed
from providers.access import access_provider_note
from providers.models import ProviderNote
from providers.selectors.notes import provider_note_list
from providers.services.notes import MSG_SETTING_NOT_PROVIDERS, provider_note_create

pytestmark = pytest.mark.django_db

API = "/api/v1/dps/notes/"


@pytest.fixture
def note(charlie, bright_futures, near_setting):
    return provider_note_create(
        actor=charlie,
        provider=bright_futures[0],
        setting=near_setting,
        category="quality_concern",
        title="One-to-one hours not delivered",
        body="Two reviews found the agreed hours were not delivered for weeks.",
    )


def detail(note) -> str:
    return reverse("providers:note_detail", kwargs={"public_id": note.public_id})


def form(provider, setting=None, **overrides) -> dict:
    return {
        "provider": str(provider.public_id),
        "setting": str(setting.public_id) if setting else "",
        "category": "good_practice",
        "title": "Strong transition planning",
        "body": "Transition reviews start in Year 10.",
        **overrides,
    }


# --- Pages ----------------------------------------------------------------------------------------


def test_a_commissioner_shares_a_note_about_a_setting(
    client_for, alice, bright_futures, near_setting
):
    response = client_for(alice).post(
        reverse("providers:note_create"), form(bright_futures[0], near_setting)
    )
    note = ProviderNote.objects.get()
    assert response.status_code == 302
    assert response.url == detail(note)
    assert (note.provider, note.setting, note.borough) == (
        bright_futures[0],
        near_setting,
        alice.borough,
    )
    page = client_for(alice).get(detail(note)).text
    assert "Strong transition planning" in page
    assert "Bright Futures School" in page
    assert "Good practice" in page


def test_the_form_offers_providers_and_their_settings_with_the_provider_chosen(
    client_for, alice, bright_futures, near_setting, far_setting
):
    provider = bright_futures[0]
    page = client_for(alice).get(reverse("providers:note_create"), {"provider": provider.public_id})
    assert f'<option value="{provider.public_id}" selected>' in page.text
    assert "Bright Futures School (Bright Futures Education Limited)" in page.text
    assert "Other Schools Sutton (Other Schools Limited)" in page.text


def test_a_note_can_be_about_the_provider_as_a_whole(client_for, alice, bright_futures):
    client_for(alice).post(reverse("providers:note_create"), form(bright_futures[0]))
    assert ProviderNote.objects.get().setting is None


def test_a_setting_of_another_provider_is_refused_at_the_setting(
    client_for, alice, bright_futures, far_setting
):
    response = client_for(alice).post(
        reverse("providers:note_create"), form(bright_futures[0], far_setting)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["setting"] == [MSG_SETTING_NOT_PROVIDERS]
    assert not ProviderNote.objects.exists()


def test_a_note_naming_a_child_is_refused_at_the_body(client_for, alice, bright_futures, child):
    response = client_for(alice).post(
        reverse("providers:note_create"),
        form(bright_futures[0], body="CR-0042 has had three key workers this term"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [privacy.MSG_CHILD]
    assert escape(privacy.MSG_CHILD) in response.text  # in the error summary and at the field
    assert not ProviderNote.objects.exists()


def test_every_member_borough_reads_the_note(client_for, alice, bromley_analyst, note):
    assert client_for(alice).get(detail(note)).status_code == 200
    assert client_for(bromley_analyst).get(detail(note)).status_code == 200


def test_the_list_filters_by_provider_and_category(client_for, alice, note, other_schools):
    provider_note_create(
        actor=alice,
        provider=other_schools[0],
        setting=None,
        category="price_change",
        title="Uplift letter from April",
        body="Asking for 6% more.",
    )
    client = client_for(alice)
    everything = client.get(reverse("providers:note_list")).text
    assert "One-to-one hours not delivered" in everything
    assert "Uplift letter from April" in everything
    by_provider = client.get(
        reverse("providers:note_list"), {"provider": str(other_schools[0].public_id)}
    ).text
    assert "Uplift letter from April" in by_provider
    assert "One-to-one hours not delivered" not in by_provider
    by_category = client.get(reverse("providers:note_list"), {"category": "quality_concern"}).text
    assert "One-to-one hours not delivered" in by_category
    assert "Uplift letter from April" not in by_category


def test_the_peer_network_page_shows_the_latest_notes(client_for, bob, note):
    page = client_for(bob).get(reverse("peer_network")).text
    assert "One-to-one hours not delivered" in page
    assert reverse("providers:note_create") in page


@pytest.mark.parametrize("who", ["pat", "olly"])
def test_a_provider_gets_404_for_a_note_and_403_for_the_lists(who, request, client_for, note):
    client = client_for(request.getfixturevalue(who))
    assert client.get(detail(note)).status_code == 404
    assert client.get(reverse("providers:note_list")).status_code == 403
    assert client.get(reverse("providers:note_create")).status_code == 403
    assert client.post(reverse("providers:note_create"), {}).status_code == 403


# --- Services and selectors ---------------------------------------------------------------------


def test_a_provider_user_cannot_share_a_note(pat, bright_futures):
    with pytest.raises(NotAllowed):
        provider_note_create(
            actor=pat,
            provider=bright_futures[0],
            setting=None,
            category="good_practice",
            title="We are great",
            body="Honestly.",
        )


def test_an_unknown_category_is_refused(alice, bright_futures):
    with pytest.raises(DomainError) as refused:
        provider_note_create(
            actor=alice,
            provider=bright_futures[0],
            setting=None,
            category="gossip",
            title="Hmm",
            body="Hmm",
        )
    assert refused.value.field == "category"


def test_a_provider_reads_no_note_even_about_itself(pat, note):
    assert list(provider_note_list(actor=pat)) == []
    with pytest.raises(Http404):
        access_provider_note(pat, note.public_id)


# --- API ------------------------------------------------------------------------------------------


def test_the_api_adds_lists_and_shows_a_note(api_for, bob, bright_futures, near_setting):
    api = api_for(bob)
    created = api.post(API, form(bright_futures[0], near_setting, category="ofsted_change"))
    assert created.status_code == 201
    body = created.json()
    assert (body["provider"], body["setting"], body["category"]) == (
        str(bright_futures[0].public_id),
        str(near_setting.public_id),
        "ofsted_change",
    )
    assert api.get(f"{API}{body['id']}/").json()["title"] == "Strong transition planning"
    listed = api.get(API, {"provider": str(bright_futures[0].public_id)}).json()["results"]
    assert [row["id"] for row in listed] == [body["id"]]
    assert api.get(API, {"category": "price_change"}).json()["results"] == []


def test_the_api_adds_a_note_without_a_setting(api_for, bob, bright_futures):
    fields = form(bright_futures[0])
    del fields["setting"]
    created = api_for(bob).post(API, fields)
    assert created.status_code == 201
    assert created.json()["setting"] is None


def test_the_api_refuses_a_note_naming_a_child_at_the_body(api_for, bob, bright_futures, child):
    response = api_for(bob).post(API, form(bright_futures[0], body="About Sam Example's hours"))
    assert response.status_code == 400
    assert response.json() == {"body": [privacy.MSG_CHILD]}


@pytest.mark.parametrize("who", ["pat", "olly"])
def test_a_provider_sees_no_note_in_the_api(who, request, api_for, note, bright_futures):
    api = api_for(request.getfixturevalue(who))
    assert api.get(API).json()["results"] == []
    assert api.get(f"{API}{note.public_id}/").status_code == 404
    assert api.post(API, form(bright_futures[0])).status_code == 403
    assert ProviderNote.objects.count() == 1


# --- Demo ---------------------------------------------------------------------------------------


def test_the_demo_seeds_notes_and_threads_once_and_emails_no_one(
    consortium, alice, charlie, placement, emails
):
    # Croydon places with Bright Futures, so a note about it by charlie would email alice.
    from boroughs.models import Reply
    from providers.demo.notes import seed_peer_network

    mail.outbox.clear()
    with emails():
        first = seed_peer_network(consortium)
        second = seed_peer_network(consortium)
    assert first == second == {"notes": 5, "threads": 2}
    assert Reply.objects.count() == 3
    assert mail.outbox == []
