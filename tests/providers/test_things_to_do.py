"""A reviewer's "Things to do": applications by how close their decision deadline is, and
evidence to check; each a link to the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from providers.models import Application

pytestmark = pytest.mark.django_db


def test_a_reviewer_is_told_of_an_application_past_its_deadline(
    submitted_application, reviewer, client_for
):
    Application.objects.filter(pk=submitted_application.pk).update(
        submitted_at=timezone.now() - timedelta(days=40)
    )
    page = client_for(reviewer).get(reverse("dashboard")).text
    todos = page[page.index('id="things-to-do"') :]
    queue = reverse("providers:accreditation_queue")
    assert f'href="{queue}">1 DPS application past the decision deadline</a>' in todos
