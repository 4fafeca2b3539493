"""The Open Contracting Data Standard release package of awards."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from commissioning.reports import builders

from .test_builders_contract import build, run_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_award_chain")]

SCHEMA = Path(builders.__file__).parent / "ocds_release_package.schema.json"


def _validate(package: dict) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(package, schema, format_checker=jsonschema.FormatChecker())


def _package(consortium, tmp_path, **scope) -> dict:
    result, path, _ = build("ocds", run_for("ocds", consortium, **scope), tmp_path)
    assert result.content_type == "application/json"
    assert result.filename.endswith(".json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_an_award_in_the_period_is_published_as_a_valid_release_package(
    consortium, placement, tmp_path
):
    package = _package(consortium, tmp_path)

    _validate(package)
    assert package["version"] == "1.1"
    assert package["publisher"]["name"] == consortium.name
    assert package["uri"] and package["publishedDate"]
    (release,) = package["releases"]
    assert release["tag"] == ["award"] and release["initiationType"] == "tender"
    assert release["ocid"] == f"ocds-xxxxxx-slcp-{placement.request.public_id}"
    assert release["id"] and release["date"]


def test_the_tender_says_it_is_a_call_off_from_an_open_dps(consortium, placement, tmp_path):
    (release,) = _package(consortium, tmp_path)["releases"]

    techniques = release["tender"]["techniques"]
    assert techniques["hasDynamicPurchasingSystem"] is True
    assert techniques["dynamicPurchasingSystem"]["type"] == "open"
    assert release["tender"]["lots"] == [
        {"id": "1", "title": "Independent special school: day", "status": "complete"}
    ]


def test_the_award_is_valued_a_year_at_the_agreed_fee_and_names_buyer_and_supplier(
    consortium, placement, tmp_path
):
    (release,) = _package(consortium, tmp_path)["releases"]

    (award,) = release["awards"]
    assert Decimal(str(award["value"]["amount"])) == Decimal("1520.00") * 38
    assert award["value"]["currency"] == "GBP"
    assert award["suppliers"] == [
        {"id": "GB-COH-01234567", "name": "Bright Futures Education Limited"}
    ]
    assert award["relatedLots"] == ["1"]
    parties = {party["roles"][0]: party for party in release["parties"]}
    assert parties["buyer"]["identifier"] == {
        "scheme": "GB-GSS",
        "id": "E09000008",
        "legalName": "Croydon",
    }
    assert release["buyer"]["id"] == parties["buyer"]["id"]
    assert parties["supplier"]["identifier"]["scheme"] == "GB-COH"


def test_nothing_about_the_child_is_published(consortium, placement, tmp_path):
    text = json.dumps(_package(consortium, tmp_path))

    child = placement.child
    for detail in (child.reference, child.name, "ASD", "CR0", child.date_of_birth.isoformat()):
        assert detail not in text
    assert str(child.public_id) not in text and str(placement.public_id) not in text
    assert "distance" not in text


def test_the_prefix_is_the_consortiums_once_it_registers_one(
    consortium, placement, settings, tmp_path
):
    settings.OCDS_OCID_PREFIX = "ocds-abc123"

    (release,) = _package(consortium, tmp_path)["releases"]

    assert release["ocid"].startswith("ocds-abc123-")


def test_a_borough_package_leaves_out_other_boroughs_awards_and_stays_valid(
    consortium, bromley, placement, tmp_path
):
    package = _package(consortium, tmp_path, scope="borough", borough_id=bromley.pk)

    _validate(package)
    assert package["releases"] == []
