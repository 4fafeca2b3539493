"""A service's refusal that a page lets escape is answered as the API answers it
(kernel.refusals): 403 or 409 with the reason, never a server error."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="tests.boroughs.refusal_urls")
def test_a_refusal_a_page_does_not_catch_answers_403(client_for, alice):
    client = client_for(alice)
    response = client.get("/refused/")
    assert response.status_code == 403
    assert "Only the borough&#x27;s commissioners can do this" in response.text


@override_settings(ROOT_URLCONF="tests.boroughs.refusal_urls")
def test_a_wrong_state_a_page_does_not_catch_answers_409_with_a_way_back(client_for, alice):
    client = client_for(alice)
    response = client.get("/conflicting/", HTTP_REFERER="http://testserver/placements/")
    assert response.status_code == 409
    assert "This cannot be done while the request is cancelled" in response.text
    assert 'href="http://testserver/placements/"' in response.text


@override_settings(ROOT_URLCONF="tests.boroughs.refusal_urls")
def test_invalid_input_a_page_does_not_catch_stays_a_fault(client_for, alice):
    client = client_for(alice)
    client.raise_request_exception = False
    assert client.get("/invalid/").status_code == 500
