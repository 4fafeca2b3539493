"""Fixtures the tests of the placement request pages share."""

from __future__ import annotations

import pytest

from boroughs.choices import Role
from placements import services

from ...factories import UserFactory


@pytest.fixture
def croydon_analyst(croydon):
    return UserFactory(borough=croydon, role=Role.BOROUGH_ANALYST)


@pytest.fixture
def question(near_invitation, pat, emails):
    with emails():
        return services.question_ask(
            actor=pat, invitation=near_invitation, question="Is there a sensory room nearby?"
        )
