"""Invented Placements Data Standard answers for the demo's care requests: drawn from the
standard's own options with a generator of their own (seeded by the child), so adding them
leaves every other invented figure of the demo as it was."""

from __future__ import annotations

import random

from providers.choices import LotKind

from .schema import REFERRAL_ENTITIES, fields_of

SUITABILITY = {
    LotKind.FOSTERING: "fosterCareSuitability",
    LotKind.CHILDRENS_HOME: "residentialCareSuitability",
    LotKind.PARENT_AND_CHILD: "residentialCareSuitability",
    LotKind.SUPPORTED_ACCOMMODATION: "supportedAccommodationSuitability",
}


def answers(seed: int, lot_kind: str) -> dict:
    """A complete referral (no childId) for a care request on a lot of `lot_kind`."""
    rng = random.Random(f"placements-standard:{seed}")  # noqa: S311  not security
    built: dict[str, dict] = {}
    for entity in REFERRAL_ENTITIES:
        for field in fields_of(entity):
            name, kind = field["name"], field["type"]
            if name == "childId" or (
                not field["cardinality"].startswith("1") and rng.random() < 0.5
            ):
                continue
            if kind == "Categorical" and field["cardinality"].endswith("*"):
                value = [rng.choice(field["options"])]
            elif kind == "Categorical":
                value = rng.choice(field["options"])
            elif kind == "Boolean":
                value = rng.random() < 0.2
            elif kind == "Integer":
                value = rng.choice([0, 0, 0, 1, 2])
            else:
                continue  # free text is not invented
            built.setdefault(entity, {})[name] = value
    if name := SUITABILITY.get(lot_kind):
        built["PlacementRecommendation"][name] = "Preferred"
    return built
