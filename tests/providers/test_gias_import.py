"""GIAS import: special schools by URN, all rows or none, bad rows named by number."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from providers.models import Inspection, Setting
from providers.services.gias import GiasImportError, gias_import
from providers.services.special_schools import special_schools_load

from .gias_files import school_row, write_extract

pytestmark = pytest.mark.django_db


def _import(path):
    with path.open(encoding="cp1252", newline="") as handle:
        return gias_import(file=handle)


@pytest.fixture
def extract(tmp_path):
    return write_extract(
        tmp_path / "edubasealldata20261120.csv",
        [
            school_row(),
            school_row(
                URN="140002",
                EstablishmentNumber="7001",
                EstablishmentName="Bryn\u2019s Acad\u00e9mie",
                **{
                    "TypeOfEstablishment (code)": "08",
                    "Gender (name)": "Boys",
                    "Section41Approved (name)": "Approved",
                    "SEN2 (name)": "SLD - Severe Learning Difficulty",
                },
            ),
            school_row(URN="140003", **{"TypeOfEstablishment (code)": "01"}),  # mainstream: skipped
        ],
    )


def test_special_schools_are_created_with_coordinates_needs_and_rating(extract):
    result = _import(extract)
    assert (result.created, result.updated, result.skipped) == (2, 0, 1)
    school = Setting.objects.get(urn="140001")
    assert school.laestab == "3066001"
    assert school.needs == ["ASD"]
    assert (school.age_low, school.age_high, school.capacity) == (5, 19, 60)
    # Easting 532400, northing 165600 is in Croydon.
    assert Decimal("51.36") < school.latitude < Decimal("51.39")
    assert Decimal("-0.11") < school.longitude < Decimal("-0.08")
    assert Inspection.objects.get(setting=school).overall == "Good"
    other = Setting.objects.get(urn="140002")
    assert other.name == "Bryn\u2019s Acad\u00e9mie"
    assert (other.sex, other.section41_status, other.needs) == ("boys", "approved", ["ASD", "SLD"])


def test_importing_the_same_file_twice_changes_nothing(extract):
    _import(extract)
    result = _import(extract)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Setting.objects.count() == 2
    assert Inspection.objects.count() == 2


def test_a_bad_row_imports_nothing_and_is_named(tmp_path):
    path = write_extract(
        tmp_path / "bad.csv",
        [school_row(), school_row(URN="14X"), school_row(URN="140004", StatutoryLowAge="eleven")],
    )
    with pytest.raises(GiasImportError) as error:
        _import(path)
    assert [str(e) for e in error.value.errors] == [
        "Row 3: URN must be 6 digits, not '14X'",
        "Row 4: StatutoryLowAge must be a whole number from 0 to 25, not 'eleven'",
    ]
    assert not Setting.objects.exists()


def test_a_post_16_institutions_ukprn_is_read_and_a_bad_one_named(tmp_path):
    good = write_extract(
        tmp_path / "good.csv",
        [school_row(UKPRN="10012345", **{"TypeOfEstablishment (code)": "32"})],
    )
    _import(good)
    assert Setting.objects.get(urn="140001").ukprn == "10012345"
    bad = write_extract(tmp_path / "bad.csv", [school_row(URN="140005", UKPRN="2001234")])
    with pytest.raises(GiasImportError) as error:
        _import(bad)
    assert [str(e) for e in error.value.errors] == [
        "Row 2: UKPRN must be 8 digits starting with 1, not '2001234'"
    ]


def test_the_command_reports_the_row_and_saves_nothing(tmp_path):
    path = write_extract(
        tmp_path / "bad.csv", [school_row(), school_row(URN="140009", Postcode="NOT A CODE")]
    )
    with pytest.raises(CommandError, match="Row 3: Postcode 'NOT A CODE' is not a UK postcode"):
        call_command("import_gias", str(path), verbosity=0)
    assert not Setting.objects.exists()


def test_a_file_that_is_not_an_extract_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,postcode\nA school,CR0 1NX\n", encoding="cp1252")
    with pytest.raises(GiasImportError, match="missing columns URN"):
        _import(path)


def test_a_school_from_the_dfe_lists_is_matched_by_laestab_not_duplicated(tmp_path):
    special_schools_load()
    baston = Setting.objects.get(name="Baston House School")
    path = write_extract(
        tmp_path / "gias.csv",
        [
            school_row(
                URN="147000",
                EstablishmentName="Baston House School",
                **{"LA (code)": "305", "EstablishmentNumber": "6082"},
            )
        ],
    )
    result = _import(path)
    assert (result.created, result.updated) == (0, 1)
    baston.refresh_from_db()
    assert baston.urn == "147000"
    assert baston.section41_status == ""  # the extract is newer than the 2022 list
