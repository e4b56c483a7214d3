"""Invariants across outputs on generated inventories (issue 14): whatever the data, a year's
territorial total is the same in the report's table, the cube less the covered facility rows, the
IPCC tree's root, the key-category tables and the data-quality classes; every input row is
accounted for; every record has one category and year.

Inventories are small energy folders: a provincial source and facilities whose categories may
sit inside, above or beside the provincial ones, rows that start after the first year, grid
electricity (scope 2) and rows of every data-quality class or none.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ghg import province
from ghg.core.schema import EMISSION_KEY
from ghg.engine.quality import emission_records
from ghg.province.tree import ALL_GASES
from ghg.report.tables import annual_totals

YEARS = list(range(2019, 2023))  # grid factors are published for every one of them
PROVINCIAL = [("1.A.3.b", "diesel", "m3"), ("1.A.4.b", "lpg", "t"), ("1.A.2", "diesel", "t"),
              ("1.A", "grid_electricity", "MWh")]
FACILITY = [("1.A.2.e", "diesel", "t"), ("1.A.2.f", "anthracite", "t"),
            ("1.A.3.b", "motor_gasoline", "m3"), ("1.A.4.a", "lpg", "t"),
            ("1.A.2.e", "grid_electricity", "MWh"), ("1.A.1", "natural_gas", "t")]
QUALITY = st.sampled_from(["published", "estimate", "illustrative", "", "Estimate"])


@st.composite
def inventories(draw) -> pd.DataFrame:
    rows = []
    # the province reports road diesel from the first year on (a base year with emissions)
    for year in YEARS:
        rows.append(("province", year, "1.A.3.b", "diesel", draw(st.floats(10, 1e5)), "m3",
                     draw(QUALITY)))
    for category, activity, unit in draw(st.lists(st.sampled_from(PROVINCIAL[1:]),
                                                  unique=True, max_size=3)):
        start = draw(st.sampled_from(YEARS))
        for year in YEARS[YEARS.index(start):]:
            rows.append(("province", year, category, activity, draw(st.floats(0, 1e5)), unit,
                         draw(QUALITY)))
    for n in range(draw(st.integers(0, 3))):
        for category, activity, unit in draw(st.lists(st.sampled_from(FACILITY), unique=True,
                                                      min_size=1, max_size=3)):
            start = draw(st.sampled_from(YEARS))
            for year in YEARS[YEARS.index(start):]:
                rows.append((f"F{n}", year, category, activity, draw(st.floats(0, 1e4)), unit,
                             draw(QUALITY)))
    return pd.DataFrame(rows, columns=["source_id", "year", "category", "activity", "amount",
                                       "unit", "data_quality"])


def build(table: pd.DataFrame, with_quality: bool):
    folder = Path(tempfile.mkdtemp(prefix="ghg-inv-"))
    try:
        (folder / "activity").mkdir()
        (folder / "inventory.toml").write_text(
            'name = "generated"\naggregate_sources = ["province"]\n', encoding="utf-8")
        (folder / "facilities.csv").write_text(
            "facility_id,name,facility_type,on_current_list\n"
            + "".join(f"F{n},Facility {n},industrial,no\n" for n in range(3)), encoding="utf-8")
        shown = table if with_quality else table.drop(columns="data_quality")
        shown.to_csv(folder / "activity" / "rows.csv", index=False, float_format="%.6f")
        return province.build(folder, draws=50, fail_on_breaks=False)  # random start years
    finally:
        shutil.rmtree(folder)


SETTINGS = settings(max_examples=8, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(inventories(), st.booleans())
def test_one_total_per_year_in_every_output(table, with_quality):
    p = build(table, with_quality)
    totals = p.territorial.groupby("year")["co2e_t"].sum()
    years = [int(y) for y in p.years]
    totals = totals.reindex(years, fill_value=0.0)
    close = {"rel": 1e-9, "abs": 1e-6}
    # the report's total row
    assert annual_totals(p).to_dict() == pytest.approx(totals.to_dict(), **close)
    # the IPCC tree: its root is the total, and check_children_sum held when it was built
    root = p.tree[(p.tree["category"] == "0") & (p.tree["gas"] == ALL_GASES)]
    assert root.set_index("year")["co2e_t"].reindex(years, fill_value=0.0).to_dict() == \
        pytest.approx(totals.to_dict(), **close)
    # the cube holds every record once; territorial = cube scope 1 - covered facility rows
    cube = p.result.cube["co2e_t"].sel(scope=1).sum(["category", "gas"])
    covered = p.excluded_facility_rows
    covered = covered[covered["scope"] == 1].groupby("year")["co2e_t"].sum()
    from_cube = pd.Series(cube.to_numpy(), index=cube["year"].to_numpy()).reindex(
        years, fill_value=0.0) - covered.reindex(years, fill_value=0.0)
    assert from_cube.to_dict() == pytest.approx(totals.to_dict(), **close)
    # key categories: level on the latest year; trend on base-year series + the ones left out
    base, latest = years[0], years[-1]
    assert p.key_tables["level"]["latest_year_co2e_t"].sum() == pytest.approx(
        totals.loc[latest], **close)
    trend, excluded = p.key_tables["trend"], p.trend_excluded
    assert trend["base_year_co2e_t"].sum() == pytest.approx(totals.loc[base], **close)
    assert trend["latest_year_co2e_t"].sum() + excluded["latest_year_co2e_t"].sum() == \
        pytest.approx(totals.loc[latest], **close)
    assert (excluded["first_year"] > base).all()
    # data quality: classes add up to the total; shares to 1 where the total is not zero
    quality = p.quality.groupby("year")
    assert quality["co2e_t"].sum().to_dict() == pytest.approx(totals.to_dict(), **close)
    shares = quality["share"].sum()
    assert shares[totals.abs() > 1e-9].to_numpy() == pytest.approx(1.0, rel=1e-9)
    if not with_quality:  # no column: everything unclassified, never guessed
        assert set(p.quality.loc[p.quality["co2e_t"] != 0, "data_quality"]) <= {"unclassified"}


@SETTINGS
@given(inventories())
def test_every_row_and_record_is_accounted_for_once(table):
    p = build(table, True)
    rows = p.result.provenance["rows"]
    assert rows["read"] == len(table) == (rows["computed"] + rows["accounted_elsewhere"]
                                          + rows["without_emissions"] + rows["rejected"])
    records = emission_records(p.result)
    keys = list(EMISSION_KEY)
    emissions = p.result.emissions.astype({"source_id": str, "category": str, "gas": str})
    assert not emissions.duplicated(keys).any()  # one category and year per record key
    summed = records.groupby(keys)["co2e_t"].sum().reindex(
        emissions.set_index(keys).index).to_numpy()
    assert np.allclose(summed, emissions["co2e_t"].to_numpy(), rtol=1e-12, atol=0)
    # each record comes from one input row of its own source, category and year
    frame = p.result.all_rows
    rows_of = records["row"].to_numpy()
    assert (frame["source_id"].astype(str).to_numpy()[rows_of] == records["source_id"]).all()
    assert (frame["year"].to_numpy()[rows_of] == records["year"]).all()
    assert (frame["category"].astype(str).to_numpy()[rows_of] == records["category"]).all()
