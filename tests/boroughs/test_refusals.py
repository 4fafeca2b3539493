"""A service's refusal that a page lets escape is a 403 page, never a server error."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="tests.boroughs.refusal_urls")
def test_a_refusal_a_page_does_not_catch_answers_403(client_for, alice):
    client = client_for(alice)
    response = client.get("/refused/")
    assert response.status_code == 403
