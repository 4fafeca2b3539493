"""Role rules hold wherever roles are granted, the Django admin included."""

import pytest
from django.core.exceptions import ValidationError

from boroughs.choices import Role
from boroughs.models import RoleAssignment

pytestmark = pytest.mark.django_db


def test_a_consortium_wide_role_needs_the_lead_borough(charlie, alice):
    with pytest.raises(ValidationError, match="lead borough"):
        RoleAssignment(user=charlie, role=Role.LEAD_ANALYST).full_clean()
    RoleAssignment(user=alice, role=Role.LEAD_ANALYST).full_clean()


def test_borough_staff_roles_need_a_borough(provider_user):
    with pytest.raises(ValidationError, match="borough"):
        RoleAssignment(user=provider_user, role=Role.COMMISSIONER).full_clean()


def test_a_provider_user_cannot_belong_to_a_borough(alice):
    with pytest.raises(ValidationError, match="provider user"):
        RoleAssignment(user=alice, role=Role.PROVIDER_USER).full_clean()
