"""Reads of the published outcome records (providers.services.outcome_records writes them):
placements' matching ranks settings by them, without importing outcomes."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import OutcomeRecord


def outcome_record_for(setting_ids: Iterable[int], need: str | None) -> dict[int, OutcomeRecord]:
    """The published records of these settings for `need`, by setting id, in one query.

    Settings without a record for the need are absent; no need (the care strand) finds none.
    """
    ids = list(setting_ids)
    if not need or not ids:
        return {}
    found = OutcomeRecord.objects.filter(setting_id__in=ids, need=need)
    return {record.setting_id: record for record in found}
