"""Factor sets stack by precedence; the winner and any fallback are recorded per row."""

from __future__ import annotations

from pathlib import Path

import pytest

import ghg
from ghg.core.errors import ConfigError, FactorNotFoundError
from ghg.factors.library import FACTOR_COLUMNS, load_library
from tests.conftest import activity_table

HEADER = ",".join(FACTOR_COLUMNS)


def factor_set(folder: Path, rows: list[str], name: str = "plant") -> Path:
    folder.mkdir(parents=True)
    (folder / "set.toml").write_text(f'name = "{name}"\ntitle = "test set"\n')
    (folder / "measured.csv").write_text("\n".join([HEADER, *rows]) + "\n")
    return folder


def test_a_facility_measured_factor_beats_the_ipcc_default(tmp_path):
    # A measured NCV of 42.0 TJ/Gg for F1 only (facility lab report, illustrative).
    inventory = tmp_path / "inv"
    factor_set(inventory / "factors", [
        "diesel,*,ncv,,42.0,TJ/Gg,,,,,F1,lab report F1-2022,analysis 7,1,measured"])
    (inventory / "activity").mkdir()
    (inventory / "inventory.toml").write_text('name = "t"\n')
    (inventory / "activity" / "a.csv").write_text(
        "source_id,year,category,activity,amount,unit\n"
        "F1,2022,1.A.2,diesel,1000,t\nF2,2022,1.A.2,diesel,1000,t\n")
    result = ghg.compute(inventory)
    co2 = result.emissions.query("gas == 'CO2'").set_index("source_id")["emissions_t"]
    # F1: 1 Gg x 42.0 TJ/Gg x 74,100 kg/TJ = 3,112.2 t; F2 keeps the IPCC 43.0: 3,186.3 t
    assert co2.to_dict() == pytest.approx({"F1": 3112.2, "F2": 3186.3}, rel=1e-12)
    detail = result.detail.query("gas == 'CO2'").set_index("source_id")
    assert detail.loc["F1", "ncv_source"].startswith("local/measured.csv:2 (lab report F1-2022")
    assert detail.loc["F2", "ncv_source"].startswith("ipcc2006/ncv.csv")
    assert [s["name"] for s in result.provenance["factor_sets"]] == [
        "local", "vn", "ipcc2006", "density"]


def test_the_set_listed_first_wins_and_the_most_specific_category_within_a_set(tmp_path):
    national = factor_set(tmp_path / "national", [
        "diesel,1.A,ef,CH4,5,kg CH4/TJ,,,,,,national list,T1,1,",
        "diesel,1.A.2.e,ef,CH4,7,kg CH4/TJ,,,,,,national list,T1,1,"], name="national")
    table = activity_table(("F1", 2022, "1.A.2.e", "diesel", 1000.0, "t"),
                           ("F1", 2022, "1.A.2.f", "diesel", 1000.0, "t"),
                           ("F1", 2022, "1.A.3.b", "diesel", 1000.0, "t"))
    result = ghg.compute(table, factors=[str(national), "vn", "ipcc2006"])
    ch4 = result.emissions.query("gas == 'CH4'").set_index("category")["emissions_t"]
    # 43 TJ x 7 kg (1.A.2.e row) / x 5 kg (1.A row beats IPCC's 1.A.2 and 1.A.3.b rows)
    assert ch4.to_dict() == pytest.approx({"1.A.2.e": 0.301, "1.A.2.f": 0.215, "1.A.3.b": 0.215})
    # Listed after the IPCC set, the national set loses wherever the IPCC set has a factor.
    later = ghg.compute(table, factors=["vn", "ipcc2006", str(national)])
    ch4 = later.emissions.query("gas == 'CH4'").set_index("category")["emissions_t"]
    assert ch4.to_dict() == pytest.approx({"1.A.2.e": 0.129, "1.A.2.f": 0.129, "1.A.3.b": 0.1677})


def test_a_year_without_grid_factor_is_an_error_unless_a_fallback_is_chosen():
    table = activity_table(("F1", 2024, "1.A.2", "grid_electricity", 100.0, "MWh"),
                           ("F1", 2025, "1.A.2", "grid_electricity", 100.0, "MWh"))
    with pytest.raises(FactorNotFoundError) as error:
        ghg.compute(table)
    assert str(error.value) == (
        "no factor for activity 'grid_electricity', category '1.A.2', years 2024-2025: missing ef "
        "CO2; add a factor for that year to a factor set, or choose a documented fallback "
        "(--grid-ef-fallback latest)")
    result = ghg.compute(table, grid_ef_fallback="latest")
    # Both years use 2023's 0.6592 t/MWh: 100 MWh x 0.6592 = 65.92 t each
    assert result.emissions["emissions_t"].tolist() == pytest.approx([65.92, 65.92])
    assert [f["flag"] for f in result.provenance["fallbacks"]] == [
        "year fallback: latest published year 2023 used for 2024",
        "year fallback: latest published year 2023 used for 2025"]
    assert set(result.detail["flag"]) == {
        "year fallback: latest published year 2023 used for 2024",
        "year fallback: latest published year 2023 used for 2025"}


def test_a_year_before_the_first_grid_factor_has_no_fallback():
    table = activity_table(("F1", 2013, "1.A.2", "grid_electricity", 100.0, "MWh"))
    with pytest.raises(FactorNotFoundError, match="year 2013: missing ef CO2"):
        ghg.compute(table, grid_ef_fallback="latest")


def test_missing_factors_are_listed_not_zeroed(tmp_path):
    national = factor_set(tmp_path / "only", [
        "diesel,*,ncv,,43.0,TJ/Gg,,,,,,doc,T,1,"], name="only")
    table = activity_table(("F1", 2022, "1.A.2", "diesel", 10.0, "t"))
    with pytest.raises(FactorNotFoundError, match="missing ef CO2, ef CH4, ef N2O"):
        ghg.compute(table, factors=[str(national)])


def test_a_factor_row_without_its_source_is_refused(tmp_path):
    bad = factor_set(tmp_path / "bad", ["diesel,*,ncv,,43.0,TJ/Gg,,,,,,,Table 1.2,1.18,"])
    with pytest.raises(ConfigError, match="plant/measured.csv:2: document: '' is not valid"):
        load_library([str(bad)])


def test_a_factor_with_a_unit_that_does_not_fit_is_refused(tmp_path):
    bad = factor_set(tmp_path / "bad", ["diesel,*,ncv,,43.0,kg/TJ,,,,,,doc,T,1,"])
    with pytest.raises(ConfigError, match="unit 'kg/TJ' of ncv"):
        load_library([str(bad)])


def test_a_dataframe_with_text_amounts_is_checked_like_a_csv():
    from ghg.core.errors import InputError

    table = activity_table(("F1", "2022", "1.A.2", "diesel", "1000", "t"),
                           ("F1", "2022", "1.A.2", "lpg", "95,5", "t"),
                           ("F1", "20x2", "1.A.2", "wood", "1", "t"))
    with pytest.raises(InputError) as error:
        ghg.compute(table)
    assert str(error.value).splitlines() == [
        "<DataFrame>:3: amount: '95,5' uses a comma as the decimal separator (Vietnamese style: "
        '95.5); declare the number format (number_format = "vi" or "en" in inventory.toml, or '
        "--number-format) or write it with a decimal point and no thousands separator",
        "<DataFrame>:4: year: '20x2' is not an integer year; expected a year such as 2022"]
    good = ghg.compute(table.iloc[:1])
    assert good.emissions["emissions_t"].tolist() == pytest.approx([3186.3, 0.129, 0.0258])
