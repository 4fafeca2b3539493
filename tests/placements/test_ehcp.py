"""Loading DfE's EHC plan statistics: real rows, safe to run again, all or nothing."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from placements.ehcp import NEEDS_CSV, TOTALS_CSV, EhcpFileError, ehcp_load
from placements.models import EhcPlanCount, EhcPlanNeed

pytestmark = pytest.mark.django_db

CROYDON, ENGLAND = "E09000008", "E92000001"


def _copy_with(tmp_path: Path, source: Path, row: int, old: str, new: str) -> Path:
    """A copy of `source` with `old` replaced by `new` on spreadsheet row `row` (header = 1)."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[row - 1], f"{old!r} is not on row {row}"
    lines[row - 1] = lines[row - 1].replace(old, new, 1)
    copy = tmp_path / source.name
    copy.write_text("".join(lines), encoding="utf-8")
    return copy


def _snapshot() -> list[tuple]:
    return [
        *EhcPlanCount.objects.order_by("ons_code", "year").values_list(),
        *EhcPlanNeed.objects.order_by("ons_code", "year", "need").values_list(),
    ]


def test_the_shipped_files_give_croydon_5232_ehc_plans_in_january_2025():
    result = ehcp_load()

    croydon = EhcPlanCount.objects.get(ons_code=CROYDON, year=2025)
    assert (croydon.area_name, croydon.dfe_la_code) == ("Croydon", "306")
    assert (croydon.ehc_plans, croydon.total, croydon.statements) == (5232, 5232, None)
    assert croydon.in_independent_special == 399
    assert result.counts.created == EhcPlanCount.objects.count() == 224  # 14 areas, 16 years
    assert result.needs.created == EhcPlanNeed.objects.count() == 13 * 13  # 13 areas, 13 needs


def test_before_2015_there_were_only_statements_and_dfes_z_is_loaded_as_blank_not_zero():
    ehcp_load()

    croydon_2014 = EhcPlanCount.objects.get(ons_code=CROYDON, year=2014)
    assert (croydon_2014.statements, croydon_2014.ehc_plans, croydon_2014.total) == (
        2044,
        None,
        2044,
    )
    assert croydon_2014.in_special_total is None


def test_plans_by_primary_need_are_loaded_per_need_with_unknown_as_a_blank_need():
    ehcp_load()

    croydon = dict(
        EhcPlanNeed.objects.filter(ons_code=CROYDON, year=2025).values_list("need", "plans")
    )
    assert croydon["ASD"] == 1414
    assert croydon["SEMH"] == 1322
    assert croydon[""] == 123
    assert sum(croydon.values()) == 5232
    # England has no LA number: it is matched to its GSS code through the totals file.
    assert EhcPlanNeed.objects.get(ons_code=ENGLAND, need="ASD").plans == 201183


def test_loading_again_changes_nothing():
    ehcp_load()
    before = _snapshot()

    again = ehcp_load()

    assert (again.counts.created, again.counts.updated, again.counts.unchanged) == (0, 0, 224)
    assert (again.needs.created, again.needs.updated, again.needs.unchanged) == (0, 0, 169)
    assert _snapshot() == before


def test_a_revised_figure_updates_its_row_in_place(tmp_path):
    ehcp_load()
    croydon_2025 = EhcPlanCount.objects.get(ons_code=CROYDON, year=2025)
    revised = _copy_with(tmp_path, TOTALS_CSV, 81, ",5232,5232,399,", ",5232,5232,400,")

    result = ehcp_load(totals_path=revised)

    assert (result.counts.created, result.counts.updated) == (0, 1)
    croydon_2025.refresh_from_db()
    assert croydon_2025.in_independent_special == 400
    assert EhcPlanCount.objects.count() == 224


def test_a_bad_row_is_reported_with_its_row_number_and_nothing_is_saved(tmp_path):
    # Row 81 is Croydon 2025 (the header is row 1).
    bad = _copy_with(tmp_path, TOTALS_CSV, 81, ",5232,5232,", ",5232,5232x,")

    with pytest.raises(EhcpFileError) as error:
        ehcp_load(totals_path=bad)

    assert str(error.value) == (
        "ehcp_totals_south_london_2010_2025.csv, row 81: "
        "statements_plus_ehc_plans is '5232x', not a whole number"
    )
    assert EhcPlanCount.objects.count() == EhcPlanNeed.objects.count() == 0


def test_a_bad_row_after_a_revised_one_leaves_the_loaded_figures_as_they_were(tmp_path):
    ehcp_load()
    # Row 2 (England 2010) revised, row 81 (Croydon 2025) broken: neither is saved.
    revised = _copy_with(tmp_path, TOTALS_CSV, 2, ",228221,7347,", ",228221,7348,")
    both = _copy_with(tmp_path, revised, 81, ",5232,5232,", ",5232,,")

    with pytest.raises(EhcpFileError, match="row 81: statements_plus_ehc_plans is blank"):
        ehcp_load(totals_path=both)

    assert EhcPlanCount.objects.get(ons_code=ENGLAND, year=2010).in_independent_special == 7347


def test_a_bad_row_in_the_needs_file_saves_none_of_the_totals_either(tmp_path):
    # Croydon's needs (row 2) no longer add up to its 5,232 plans.
    bad = _copy_with(
        tmp_path, NEEDS_CSV, 2, "306,Croydon,2025,5232,1414,", "306,Croydon,2025,5232,1400,"
    )

    with pytest.raises(
        EhcpFileError, match=r"row 2: the needs add up to 5218, not ehc_plans \(5232\)"
    ):
        ehcp_load(needs_path=bad)

    assert EhcPlanCount.objects.count() == EhcPlanNeed.objects.count() == 0


def test_totals_that_are_not_statements_plus_plans_are_refused(tmp_path):
    bad = _copy_with(tmp_path, TOTALS_CSV, 81, ",z,5232,5232,", ",z,5232,5233,")

    with pytest.raises(EhcpFileError, match="row 81: statements_plus_ehc_plans is 5233"):
        ehcp_load(totals_path=bad)


def test_an_area_and_year_given_twice_is_refused_naming_both_rows(tmp_path):
    lines = TOTALS_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    copy = tmp_path / TOTALS_CSV.name
    copy.write_text("".join([*lines, lines[80]]), encoding="utf-8")

    with pytest.raises(EhcpFileError, match="row 226: Croydon 2025 repeats row 81"):
        ehcp_load(totals_path=copy)


def test_a_missing_column_is_named(tmp_path):
    copy = _copy_with(tmp_path, TOTALS_CSV, 1, "ehc_plans,statements_plus", "plans,statements_plus")

    with pytest.raises(EhcpFileError, match="is missing columns: ehc_plans"):
        ehcp_load(totals_path=copy)


def test_an_unknown_local_authority_in_the_needs_file_is_refused(tmp_path):
    bad = _copy_with(tmp_path, NEEDS_CSV, 2, "306,Croydon", "999,Croydon")

    with pytest.raises(
        EhcpFileError, match="row 2: dfe_la_code 999 is not an area the portal knows"
    ):
        ehcp_load(needs_path=bad)


def test_the_command_loads_the_shipped_files_and_says_what_it_did():
    out = StringIO()

    call_command("load_ehcp", stdout=out)
    call_command("load_ehcp", stdout=out)

    assert out.getvalue().splitlines() == [
        "EHC plan counts: 224 created, 0 updated, 0 unchanged.",
        "by primary need: 169 created, 0 updated, 0 unchanged.",
        "EHC plan counts: 0 created, 0 updated, 224 unchanged.",
        "by primary need: 0 created, 0 updated, 169 unchanged.",
    ]


def test_the_command_reports_a_bad_row_and_loads_nothing(tmp_path):
    bad = _copy_with(tmp_path, TOTALS_CSV, 81, "E09000008,306,", "E9000008,306,")

    with pytest.raises(CommandError, match=r"Nothing was loaded\. .*row 81: gss_code 'E9000008'"):
        call_command("load_ehcp", "--totals", str(bad), stdout=StringIO())

    assert EhcPlanCount.objects.count() == 0
