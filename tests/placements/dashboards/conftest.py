"""Fixtures the tests of the dashboards share."""

from datetime import timedelta

import pytest
from django.utils import timezone

from placements.models import Placement


@pytest.fixture
def started(placement):
    """The fixture's placement, awarded to start in 60 days, moved to have started a month ago."""
    Placement.objects.filter(pk=placement.pk).update(
        starts_on=timezone.localdate() - timedelta(days=30)
    )
    placement.refresh_from_db()
    return placement
