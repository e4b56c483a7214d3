"""The bundled Ben Tre inventory through every sector: coverage, and explain for one-to-many rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ghg

EXAMPLE = Path(__file__).resolve().parents[2] / "inventories" / "ben-tre"


@pytest.fixture(scope="module")
def result() -> ghg.Result:
    return ghg.compute(EXAMPLE)


@pytest.mark.parametrize("prefix", ["1.A", "3.A.1", "3.A.2", "3.C.4", "3.C.5", "3.C.6", "3.C.7",
                                    "4.A", "4.B", "4.C", "4.D"])
def test_every_year_has_nonzero_emissions_in(result, prefix):
    direct = result.emissions[result.emissions["scope"] == 1]
    in_category = direct[direct["category"].astype(str).str.startswith(prefix)]
    by_year = in_category.groupby("year")["co2e_t"].sum()
    assert list(by_year.index) == list(range(2015, 2025))
    assert (by_year > 0).all(), by_year.to_dict()


def test_nothing_is_rejected_and_every_row_is_computed_or_declared_not_estimated(result):
    # the 10 mangrove rows (2015-2024) list CO2 in not_estimated: read, no emission (NE)
    rows = result.provenance["rows"]
    assert rows["rejected"] == 0 and rows["read"] == len(result.all_rows)
    assert (rows["computed"], rows["without_emissions"]) == (rows["read"] - 10, 10)


def test_explain_gives_landfill_methane_by_deposit_year_adding_up(result):
    text = result.explain("BT-SWDS-AnHiep", 2020, "4.A.3")
    total = float(re.search(r"total 4\.A\.3: CH4 ([\d.]+) t", text).group(1))
    by_year = [float(v) for v in re.findall(r"deposited \d{4}: ([\d.e+-]+) t CH4", text)]
    # OX is 0 and nothing is recovered at this site, so generation by deposit year is the total
    assert len(by_year) > 50 and sum(by_year) == pytest.approx(total, rel=1e-5)
    assert "deposited 2020" not in text  # six-month delay: this year's waste starts next year


def test_explain_follows_one_herd_into_three_categories(result):
    text = result.explain("province", 2020, "3.A")
    for heading in ("3.A.1 Enteric Fermentation", "3.A.2 Manure Management",
                    "3.C.6 Indirect N2O Emissions from Manure Management"):
        assert heading in text
    assert "Table 10.11" in text  # the enteric factor's table is named in the chain
