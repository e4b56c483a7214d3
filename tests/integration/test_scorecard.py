"""The scorecard on the bundled Ben Tre inventory, and MSW shares from an inventory folder."""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import ghg
from ghg.province import indicators as ind
from ghg.province.inventory import build
from ghg.report.scorecard import calendar_table, scorecard_table
from ghg.report.terms import Terms

EXAMPLE = Path(__file__).resolve().parents[2] / "inventories" / "ben-tre"


@cache
def _ben_tre():
    return build(EXAMPLE, draws=50)


def test_ben_tre_scorecard_lists_every_indicator_with_a_status():
    provincial = _ben_tre()
    card = provincial.scorecard.set_index("indicator")
    assert list(card.index) == list(ind.definitions().index)
    assert card["status"].isin(ind.STATUSES).all()
    assert (card["status"] == "no_data").eq(card["latest_value"].isna()).all()
    # the province-wide MSW share is the rows' collection_pct (34.8 % every year)
    assert card.at["msw_collected_treated", "latest_value"] == pytest.approx(34.8)
    assert card.at["hdi", "latest_value"] == 0.664  # plan footnote 2, 2020
    assert card.at["re_share_tpes", "latest_year"] == 2024
    for lang in ("vi", "en"):
        assert len(scorecard_table(provincial, Terms(lang))) == len(card)


def test_calendar_is_dated_from_the_year_after_the_inventory_to_2030():
    table = calendar_table(_ben_tre(), Terms("en"))
    due = table["Due"].tolist()
    assert due[:2] == ["2025-03-31", "2025-03-31"]
    assert {"2025-11-15", "2025-12-01", "2030-12-01", "2025-08-01", "2027-06-30"} <= set(due)
    assert "2025 (no day set)" in due and "2030 (no day set)" in due
    assert "2026-06-30" not in due and "2026-03-31" in due
    assert table["Done"].eq("☐").all()


def test_urban_and_rural_msw_rows_of_an_inventory_folder(tmp_path):
    """Ben Tre's 2024 MSW row split into urban and rural rows (the 2023 DONRE collection rates):
    the shares come from the rows, and the province-wide one weighs them by waste generated."""
    folder = tmp_path / "bt"
    shutil.copytree(EXAMPLE, folder)
    (folder / "indicators.csv").unlink()
    waste = pd.read_csv(folder / "activity" / "waste.csv", dtype=str, keep_default_na=False)
    split = (waste["activity"] == "msw_generation") & (waste["year"] == "2024")
    row = waste.loc[split].iloc[0].to_dict()
    urban = {**row, "amount": "130190", "collection_pct": "82", "settlement": "urban"}
    rural = {**row, "amount": "1167820", "collection_pct": "14", "settlement": "rural"}
    pd.concat([waste.loc[~split].assign(settlement=""), pd.DataFrame([urban, rural])]).to_csv(
        folder / "activity" / "waste.csv", index=False)
    shares, problems = ind.msw_shares(ghg.compute(folder).all_rows)
    got = shares.loc[shares["year"] == 2024].set_index("indicator")["value"]
    assert problems == []
    assert got["msw_urban_collected_treated"] == pytest.approx(82.0)
    assert got["msw_rural_collected_treated"] == pytest.approx(14.0)
    # (130,190 x 82 + 1,167,820 x 14) / 1,298,010 persons (same kg per person) = 20.820 %
    assert got["msw_collected_treated"] == pytest.approx(27_025_060 / 1_298_010)
