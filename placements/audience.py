"""What placements tells the peer network (providers.services.notes, boroughs.privacy) about its
data, through their registries, since those lower apps cannot import this one:

- which boroughs use a provider: those with an active placement there, whose commissioners are
  emailed about a new note on it;
- whether a text names one of the consortium's children: by its reference, or by its name when
  the name has two words or more (one word alone, "Sam", is too common to refuse).

`register()` is called from PlacementsConfig.ready().
"""

from __future__ import annotations

import re

from django.db.models import Q
from django.db.models.functions import Upper

from boroughs.privacy import MSG_CHILD
from providers.services.notes import register_note_audience, register_note_check

from .choices import PlacementStatus
from .models import Child, Placement

# A word, with the hyphens, slashes and apostrophes inside references and names (CR-0042, O'Neil).
WORD = re.compile(r"[^\W_]+(?:['\u2019/\-][^\W_]+)*")
POSSESSIVE = re.compile(r"['\u2019]s$", re.IGNORECASE)
LONGEST_NAME = 4  # words: the longest run of words compared with names and references


def active_placement_boroughs(provider_id: int) -> set[int]:
    """The boroughs with an active placement at the provider."""
    return set(
        Placement.objects.filter(provider_id=provider_id, status=PlacementStatus.ACTIVE)
        .values_list("borough_id", flat=True)
        .distinct()
    )


def _word_runs(text: str) -> tuple[set[str], set[str]]:
    """Every run of 1 to LONGEST_NAME words of the text in capitals: (all runs, runs of 2+)."""
    words = [POSSESSIVE.sub("", word).upper() for word in WORD.findall(text)]
    runs, longer = set(), set()
    for start in range(len(words)):
        for size in range(1, LONGEST_NAME + 1):
            if start + size > len(words):
                break
            run = " ".join(words[start : start + size])
            runs.add(run)
            if size > 1:
                longer.add(run)
    return runs, longer


def child_named(text: str, consortium_id: int) -> str | None:
    """MSG_CHILD when the text has a child's reference or full name (whole words, any case)."""
    runs, longer = _word_runs(text)
    if not runs:
        return None
    named = (
        Child.objects.filter(borough__consortium_id=consortium_id)
        .annotate(upper_reference=Upper("reference"), upper_name=Upper("name"))
        .filter(Q(upper_reference__in=runs) | Q(upper_name__in=longer))
    )
    return MSG_CHILD if named.exists() else None


def register() -> None:
    register_note_audience(active_placement_boroughs)
    register_note_check(child_named)
