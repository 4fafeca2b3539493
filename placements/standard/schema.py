"""The JSON Schema the portal derives from the Placements Data Standard's own field list.

The field list (`placements/data/placements-standard/placements-standard-v2.json`, MIT licence,
copied from the standard's repository) names each entity's fields with a type (Integer, String,
Categorical, Boolean, Date), a cardinality (0..1, 1..1, 1..*) and, for categorical fields, the
options. The schema follows it mechanically, so a new version of the list is a new copy of the
file, not new code:

- each entity is an object in `$defs` with exactly the list's fields (no others);
- Integer -> integer, String -> string, Boolean -> boolean, Date -> string with `format: date`,
  Categorical -> `enum` of the options;
- 1..1 and 1..* are `required`; 1..* is an array of at least one distinct item;
- the standard's title, version and effective date are recorded in `$id`, `title` and
  `x-standard-*`.

Two compositions of the entities: a **referral** (availability, requirements, recommendation,
risks: what a care request holds and what the import accepts) and a **record** (a referral plus,
once placed, the actual placement and its quality-assurance dates). An export is
`{"standard": {...}, "records": [record, ...]}`.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "placements-standard"
FIELD_LIST_PATH = DATA_DIR / "placements-standard-v2.json"
SCHEMA_PATH = DATA_DIR / "placements-standard-v2.schema.json"

REFERRAL_ENTITIES = (
    "PlacementAvailability",
    "PlacementRequirements",
    "PlacementRecommendation",
    "Risks",
)
PLACEMENT_ENTITIES = ("ActualPlacement", "QualityAssurance")

_TYPES = {
    "Integer": {"type": "integer"},
    "String": {"type": "string"},
    "Boolean": {"type": "boolean"},
    "Date": {"type": "string", "format": "date"},
}


@cache
def field_list() -> dict:
    """The standard's field list as published: `metadata` and `entities`."""
    return json.loads(FIELD_LIST_PATH.read_text(encoding="utf-8"))


def metadata() -> dict:
    return field_list()["metadata"]


def entities() -> dict[str, dict]:
    """Each entity by name, with its `fields` in the list's order."""
    return {entity["name"]: entity for entity in field_list()["entities"]}


def fields_of(entity: str) -> list[dict]:
    return entities()[entity]["fields"]


def is_required(field: dict) -> bool:
    return field["cardinality"].startswith("1..")


def is_many(field: dict) -> bool:
    return field["cardinality"].endswith("..*")


def field_schema(field: dict) -> dict:
    """One field's schema from its type, options and cardinality."""
    if field["type"] == "Categorical":
        item = {"type": "string", "enum": list(field["options"])}
    else:
        item = dict(_TYPES[field["type"]])
    if is_many(field):
        return {
            "description": field["description"],
            "type": "array",
            "items": item,
            "minItems": 1,
            "uniqueItems": True,
        }
    return {"description": field["description"], **item}


def entity_schema(entity: dict) -> dict:
    return {
        "title": entity["name"],
        "description": entity["description"],
        "type": "object",
        "properties": {field["name"]: field_schema(field) for field in entity["fields"]},
        "required": [field["name"] for field in entity["fields"] if is_required(field)],
        "additionalProperties": False,
    }


def _refs(names) -> dict:
    return {name: {"$ref": f"#/$defs/{name}"} for name in names}


def standard_stamp() -> dict:
    """What every export says about the standard it follows."""
    meta = metadata()
    return {
        "title": meta["title"],
        "version": meta["version"],
        "effectiveDate": meta["effectiveDate"],
    }


@cache
def build_schema() -> dict:
    """The whole schema: the entities, a referral, a record and an export document."""
    meta = metadata()
    version = meta["version"]
    defs = {name: entity_schema(entity) for name, entity in entities().items()}
    defs["Referral"] = {
        "title": "Referral",
        "description": "A placement referral: the standard's entities known at referral.",
        "type": "object",
        "properties": _refs(REFERRAL_ENTITIES),
        "required": list(REFERRAL_ENTITIES),
        "additionalProperties": False,
    }
    defs["Record"] = {
        "title": "Record",
        "description": "A referral and, once placed, the actual placement and its dates.",
        "type": "object",
        "properties": _refs(REFERRAL_ENTITIES + PLACEMENT_ENTITIES),
        "required": list(REFERRAL_ENTITIES),
        "dependentRequired": {
            "ActualPlacement": ["QualityAssurance"],
            "QualityAssurance": ["ActualPlacement"],
        },
        "additionalProperties": False,
    }
    stamp = standard_stamp()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:placements-portal:schema:placements-standard:{version}",
        "title": f"{meta['title']} {version} (effective {meta['effectiveDate']})",
        "description": meta["description"],
        "x-standard-version": version,
        "x-standard-effective-date": meta["effectiveDate"],
        "x-standard-status": meta.get("status", ""),
        "x-standard-licence": "MIT, copyright (c) 2025 Data Standards for Social Care",
        "type": "object",
        "properties": {
            "standard": {
                "type": "object",
                "properties": {key: {"const": value} for key, value in stamp.items()},
                "required": list(stamp),
            },
            "records": {"type": "array", "items": {"$ref": "#/$defs/Record"}},
        },
        "required": ["standard", "records"],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text() -> str:
    """The schema as the file in the data folder holds it."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def validator(definition: str | None = None) -> Draft202012Validator:
    """A validator of the export document, or of one `$defs` entry (Referral, Risks...)."""
    schema = build_schema()
    if definition is not None:
        schema = {
            "$schema": schema["$schema"],
            "$id": schema["$id"],
            "$ref": f"#/$defs/{definition}",
            "$defs": schema["$defs"],
        }
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _pointer(path) -> str:
    return "/" + "/".join(str(part) for part in path) if path else "/"


def _message(error) -> list[tuple[str, str]]:
    """(path, message) for one schema error; a missing or unknown field is named in the path."""
    path = list(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [(_pointer([*path, name]), "Required by the standard: enter it") for name in missing]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            (_pointer([*path, name]), "Not a field of the standard")
            for name in error.instance
            if name not in known
        ]
    if kind == "dependentRequired":
        return []  # the required entity is reported by its own `required` error below
    if kind == "enum":
        options = ", ".join(error.validator_value)
        return [(_pointer(path), f"{error.instance!r} is not one of: {options}")]
    if kind == "type":
        wanted = {
            "integer": "a whole number",
            "string": "text",
            "boolean": "true or false",
            "array": "a list",
            "object": "an object",
        }.get(error.validator_value, error.validator_value)
        return [(_pointer(path), f"Must be {wanted}")]
    if kind == "format" and error.validator_value == "date":
        return [(_pointer(path), "Must be a date like 2025-07-18")]
    if kind == "minItems":
        return [(_pointer(path), "Give at least one")]
    if kind == "uniqueItems":
        return [(_pointer(path), "Give each option once")]
    return [(_pointer(path), error.message)]


def problems(document, definition: str | None = None) -> list[dict]:
    """Every invalid field of `document`, as {"field": JSON pointer, "message"}, in order."""
    found: dict[str, str] = {}
    for error in validator(definition).iter_errors(document):
        for path, message in _message(error):
            found.setdefault(path, message)
    return [{"field": path, "message": found[path]} for path in sorted(found)]
