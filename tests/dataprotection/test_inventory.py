"""The inventory is complete: every model whose rows reach a child is listed, and each of its
text fields is either replaced at anonymisation or kept for a stated reason. A new model or
field about children fails here until someone decides (and the export and the job follow)."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from commissioning.dataprotection.inventory import CHILD_TEXT, HELD
from commissioning.dataprotection.models import SubjectAccessExport
from commissioning.notices.models import ProcurementNotice
from placements.models import Child

# Rows that point at a child but hold nothing written about them.
# A request's status and files, deleted with the rest; a procurement notice, which publishes
# nothing about the child (commissioning.notices.drafting).
NOT_ABOUT_THE_CHILD = {SubjectAccessExport, ProcurementNotice}


def reaches_child(model, depth: int = 4, seen=frozenset()) -> bool:
    if depth == 0 or model in seen:
        return False
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey):
            target = field.related_model
            if target is Child or reaches_child(target, depth - 1, seen | {model}):
                return True
    return False


def free_text(model) -> set[str]:
    return {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField)
        or (isinstance(field, models.CharField) and not field.choices)
    }


def test_every_model_that_reaches_a_child_is_in_the_inventory():
    listed = {held.model for held in HELD} | NOT_ABOUT_THE_CHILD
    reaching = {
        model
        for model in apps.get_models()
        if reaches_child(model) and not model._meta.app_label.startswith(("auth", "admin"))
    }
    assert reaching - listed == set(), "Add these to commissioning/dataprotection/inventory.py"


def test_every_text_field_is_scrubbed_or_kept_for_a_reason():
    for held in HELD:
        classified = set(held.scrub) | set(held.keep)
        assert free_text(held.model) - classified == set(), held.model.__name__
        assert all(held.keep.values())
    assert free_text(Child) <= set(CHILD_TEXT)
