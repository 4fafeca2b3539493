"""Rows built once per test module instead of once per test (Django's setUpTestData, for pytest).

A module opts in with `pytestmark = pytest.mark.usefixtures("shared_award_chain")` (or
"shared_send_dps"). Its module-scoped fixture builds the rows once, inside the module's
transaction (`module_db` in tests/conftest.py), and the placement fixtures (`alice`, `send_dps`,
`placement`...) then fetch those rows instead of building their own. Each test still runs in a
savepoint and rolls back whatever it changes, and gets fresh instances, so a test that changes
a row changes it for itself alone. Only for modules whose every test passes either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.db import models

SHARED_FIXTURES = ("shared_award_chain", "shared_send_dps")


@dataclass
class SharedRows:
    """What a module's shared fixture built: each fixture's name, its row and any attributes
    the builder left on the instance (a user's `totp_secret`)."""

    rows: dict[str, tuple[type[models.Model], int, dict]] = field(default_factory=dict)
    pairs: dict[str, tuple[str, str]] = field(default_factory=dict)

    def keep(self, name: str, row: models.Model, *attributes: str) -> models.Model:
        extra = {attribute: getattr(row, attribute) for attribute in attributes}
        self.rows[name] = (type(row), row.pk, extra)
        return row

    def fetch(self) -> dict[str, object]:
        """Fresh instances for one test: one per row, however many fixture names share it."""
        instances: dict[tuple[type, int], models.Model] = {}
        fetched: dict[str, object] = {}
        for name, (model, pk, extra) in self.rows.items():
            if (model, pk) not in instances:
                instance = model._default_manager.get(pk=pk)
                for attribute, value in extra.items():
                    setattr(instance, attribute, value)
                instances[(model, pk)] = instance
            fetched[name] = instances[(model, pk)]
        for name, (first, second) in self.pairs.items():
            fetched[name] = (fetched[first], fetched[second])
        return fetched


def shared(request: pytest.FixtureRequest, name: str):
    """The module's shared row for this fixture name, or None where the test builds its own."""
    for fixture in SHARED_FIXTURES:
        if fixture in request.fixturenames:
            return request.getfixturevalue("_shared_instances").get(name)
    return None


def shared_instances(request: pytest.FixtureRequest) -> dict[str, object]:
    """The body of the `_shared_instances` fixture (tests/conftest.py): once per test."""
    for name in SHARED_FIXTURES:
        if name in request.fixturenames:
            return request.getfixturevalue(name).fetch()
    return {}
