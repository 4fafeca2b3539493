"""Checking a notice: OCDS 1.1.5's release schema patched with the UK extension, then the UK
profile's rules for the notice's type (ADR 19).

The UK extension is a JSON Merge Patch of the core schema (RFC 7386: an object merges key by key,
null removes, anything else replaces); `patched_schema` applies it once. jsonschema checks the
release against the result (draft 4, as OCDS 1.1 is written). The profile's rules are what each
notice type must carry beyond the schema (`PROFILE`), written as dotted paths into the release.

Fields of community extensions the UK extension depends on, which the notices write and the
schemas here do not define (their schemas are not on this machine): `OTHER_EXTENSION_FIELDS`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator, FormatChecker

from .choices import NoticeType

FOLDER = Path(__file__).parent / "schema"
OCDS_VERSION = "1.1"
UK_EXTENSION_VERSION = "2026-01-13"
OTHER_EXTENSION_FIELDS = {
    "tender.techniques": "ocds_techniques_extension (dynamic purchasing system / dynamic market)",
    "tender.lots": "ocds_lots_extension",
    "awards.relatedLots": "ocds_lots_extension",
}

# What each notice type must carry beyond the schema (the UK profile as this portal applies it).
COMMON = ("ocid", "id", "date", "tag", "initiationType", "parties", "buyer.id", "tender.id")
PROFILE: dict[str, tuple[str, ...]] = {
    NoticeType.UK13: (*COMMON, "tender.title", "tender.techniques.hasDynamicPurchasingSystem"),
    NoticeType.UK14: (
        *COMMON,
        "tender.title",
        "tender.status",
        "tender.techniques.dynamicPurchasingSystem",
        "tender.contractPeriod.startDate",
    ),
    NoticeType.UK15: (*COMMON, "tender.amendments"),
    NoticeType.UK16: (*COMMON, "tender.status"),
    NoticeType.UK6: (*COMMON, "awards.0.id", "awards.0.suppliers.0.id", "awards.0.value.amount"),
    NoticeType.UK7: (
        *COMMON,
        "contracts.0.id",
        "contracts.0.awardID",
        "contracts.0.period.startDate",
        "contracts.0.value.amount",
    ),
    NoticeType.UK10: (*COMMON, "contracts.0.id", "contracts.0.amendments.0.description"),
    NoticeType.UK11: (
        *COMMON,
        "contracts.0.id",
        "contracts.0.status",
        "contracts.0.period.endDate",
    ),
}


def merge_patch(target, patch):
    """RFC 7386: apply `patch` to `target`, answering a new value."""
    if not isinstance(patch, dict):
        return patch
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


@cache
def patched_schema() -> dict:
    core = json.loads((FOLDER / "core-release-schema.json").read_text(encoding="utf-8"))
    patch = json.loads((FOLDER / "uk-release-schema-patch.json").read_text(encoding="utf-8"))
    return merge_patch(core, patch)


@cache
def validator() -> Draft4Validator:
    return Draft4Validator(patched_schema(), format_checker=FormatChecker())


def _find(release: dict, path: str):
    value = release
    for part in path.split("."):
        if isinstance(value, list):
            if not part.isdigit() or int(part) >= len(value):
                return None
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
        if value is None:
            return None
    return value


def problems(release: dict, notice_type: str) -> list[str]:
    """Every way `release` fails the schema or the profile, each as '<path>: <message>'."""
    found = [
        f"{'.'.join(str(p) for p in error.absolute_path) or '(release)'}: {error.message}"
        for error in sorted(validator().iter_errors(release), key=lambda e: list(map(str, e.path)))
    ]
    for path in PROFILE[notice_type]:
        value = _find(release, path)
        if value in (None, "", [], {}):
            found.append(f"{path}: required for a {NoticeType(notice_type).label} notice")
    return found
