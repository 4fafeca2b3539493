"""What one seeding carries from step to step."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from boroughs.models import User
from providers.models import Lot

from .settings import Site
from .stamps import Stamps


@dataclass
class Run:
    """The random source, the DPS as matching sees it, who acts, and when things happened."""

    rng: random.Random
    today: date
    lots: dict[str, Lot]  # by kind
    sites: list[Site]
    demo_provider_id: int
    provider_users: dict[int, User]  # by provider
    commissioners: dict[int, User]  # by borough
    stamps: Stamps = field(default_factory=Stamps)
    moves: int = 0
    demo_question_asked: bool = False

    def __post_init__(self) -> None:
        self.lots_by_pk = {lot.pk: lot for lot in self.lots.values()}
