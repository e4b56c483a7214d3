"""Decision 2626/QĐ-BTNMT as the factor set ``vn2626``: values pinned by hand from the
transcription named in ``ghg/factors/data/vn2626/energy_combustion.toml``, and the precedence
facility (inventory ``factors/`` with ``source_id``) → national list → IPCC defaults."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import ghg
from ghg.factors.library import FACTOR_COLUMNS

TABLE = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "data" / "vn2626" / \
    "energy_combustion.csv"


def test_pinned_values_of_appendix_i():
    table = pd.read_csv(TABLE, dtype=str, keep_default_na=False)
    assert len(table) == 97
    second = table["note"].str.startswith("2 transcriptions agree: row ")
    assert (second | table["note"].str.startswith("SINGLE transcription: row ")).all()
    assert second.sum() == 21  # six groups x 3 gases; natural gas agrees in 1.A.1 and 1.A.2
    value = table.set_index(["activity", "category", "gas"])["value"].astype(float)
    # typed from the transcription: rows 1.1, 1.26, 1.56, 1.60, 1.80, 1.82, 1.98
    assert value[("anthracite", "1.A.1", "CO2")] == 98300
    assert value[("anthracite", "1.A.2", "CH4")] == 10
    assert value[("natural_gas", "1.A.3.b", "CH4")] == 92
    assert value[("diesel", "1.A.3.c", "N2O")] == 28.6
    assert value[("anthracite", "1.A.4.b", "CH4")] == 300
    assert value[("other_kerosene", "1.A.4.b", "CO2")] == 71900
    assert value[("diesel", "1.A.4.c", "CH4")] == 10


def test_precedence_facility_then_national_list_then_ipcc(tmp_path: Path):
    inventory = tmp_path / "inv"
    (inventory / "factors").mkdir(parents=True)
    (inventory / "factors" / "set.toml").write_text('name = "plant"\ntitle = "measured"\n')
    (inventory / "factors" / "measured.csv").write_text(
        ",".join(FACTOR_COLUMNS) + "\n"
        "diesel,*,ef,CH4,2,kg CH4/TJ,,,,,F1,stack test F1-2024,report 3,1,measured\n")
    (inventory / "activity").mkdir()
    (inventory / "inventory.toml").write_text(
        'name = "t"\nfactors = ["vn2626", "ipcc2006"]\n')
    (inventory / "activity" / "a.csv").write_text(
        "source_id,year,category,activity,amount,unit\n"
        "F1,2024,1.A.2,diesel,1000,t\nF2,2024,1.A.2,diesel,1000,t\n"
        "F2,2024,1.A.3.c,diesel,1000,t\nF2,2024,1.A.2,wood,1000,t\n")
    result = ghg.compute(inventory)
    detail = result.detail.set_index(["source_id", "category", "activity", "gas"])
    source = detail["emission_factor_source"]
    assert source[("F1", "1.A.2", "diesel", "CH4")].startswith("local/measured.csv:2")  # facility
    assert source[("F2", "1.A.2", "diesel", "CH4")].startswith("vn2626/energy_combustion.csv")
    assert source[("F2", "1.A.3.c", "diesel", "N2O")].startswith("vn2626/energy_combustion.csv")
    assert source[("F2", "1.A.2", "wood", "CH4")].startswith("ipcc2006/")  # not in the list
    assert detail["ncv_source"][("F2", "1.A.2", "diesel", "CO2")].startswith("ipcc2006/ncv.csv")
    tonnes = detail["emissions_t"]
    # 1,000 t diesel x 43.0 TJ/Gg = 43 TJ: CH4 F1 43 x 2 kg, F2 43 x 3 kg (row 1.29);
    # railways N2O 43 x 28.6 kg (row 1.60); CO2 43 x 74,100 kg (row 1.28)
    assert tonnes[("F1", "1.A.2", "diesel", "CH4")] == pytest.approx(0.086, rel=1e-12)
    assert tonnes[("F2", "1.A.2", "diesel", "CH4")] == pytest.approx(0.129, rel=1e-12)
    assert tonnes[("F2", "1.A.3.c", "diesel", "N2O")] == pytest.approx(1.2298, rel=1e-12)
    assert tonnes[("F2", "1.A.2", "diesel", "CO2")] == pytest.approx(3186.3, rel=1e-12)
