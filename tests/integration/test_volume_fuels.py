"""Natural gas and LPG given by volume: densities (``density`` set), the unit spellings
(``m3``, ``thousand_m3``, ``nghìn m3``) and the MoIT TOE threshold of the facility-list review.

Hand-worked natural gas (Staffell 2011 density 0.768 kg/m3 at STP; IPCC 2006 Vol 2 Table 1.2 NCV
48.0 TJ/Gg; Table 1.4 CO2 56,100 kg/TJ):
1,000,000 m3 × 0.000768 t/m3 = 768 t = 0.768 Gg; × 48.0 = 36.864 TJ; × 56.1 t/TJ = 2,068.0704 t CO2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import ghg
from ghg.review import review

CO2_PER_MILLION_M3 = 1_000_000 * 0.000768 / 1000 * 48.0 * 56.1  # 2068.0704 t


def _inventory(folder: Path, rows: str, facilities: str | None = None) -> Path:
    (folder / "activity").mkdir(parents=True)
    (folder / "inventory.toml").write_text(
        'name = "volume fuels"\nregion = "test"\ngwp = "AR5"\n'
        'factors = ["vn", "ipcc2006", "density"]\n', encoding="utf-8")
    (folder / "activity" / "energy.csv").write_text(
        "source_id,year,category,activity,amount,unit,source\n" + rows, encoding="utf-8")
    if facilities is not None:
        (folder / "facilities.csv").write_text(
            "facility_id,name,facility_type,on_current_list\n" + facilities, encoding="utf-8")
    return folder


def _co2(result, year: int) -> float:
    table = result.emissions
    return float(table.loc[(table["year"] == year) & (table["gas"] == "CO2"), "emissions_t"].sum())


def test_natural_gas_by_volume_gives_the_hand_worked_co2(tmp_path: Path):
    assert CO2_PER_MILLION_M3 == pytest.approx(2068.0704)
    folder = _inventory(tmp_path / "inv", "F1,2022,1.A.2.e,natural_gas,1000000,m3,test\n"
                                          "F1,2023,1.A.2.e,natural_gas,1000,thousand_m3,test\n"
                                          "F1,2024,1.A.2.e,natural_gas,1000,nghìn m3,test\n")
    result = ghg.compute(folder)
    for year in (2022, 2023, 2024):  # the same volume in three spellings
        assert _co2(result, year) == pytest.approx(2068.0704, rel=1e-12)


def test_lpg_by_liquid_volume(tmp_path: Path):
    # 1 m3 liquid × 0.533 t/m3 = 0.533 t; × 47.3 TJ/Gg = 0.0252109 TJ; × 63.1 t/TJ = 1.59080779 t
    folder = _inventory(tmp_path / "inv", "F1,2022,1.A.2.e,lpg,1000,l,test\n")
    assert _co2(ghg.compute(folder), 2022) == pytest.approx(0.533e-3 * 47.3 * 63.1, rel=1e-12)
    assert 0.533e-3 * 47.3 * 63.1 == pytest.approx(1.59080779)


def test_toe_threshold_on_natural_gas_by_volume(tmp_path: Path):
    # MoIT: 0.90 TOE per 1,000 m3. 1,200,000 m3 = 1,080 TOE >= 1,000 (listed on energy alone);
    # 1,000 thousand m3 = 900 TOE, and 2,070 t CO2e < 3,000: not listed.
    rows = "".join(f"BIG,{y},1.A.2.e,natural_gas,1200000,m3,test\n"
                   f"SMALL,{y},1.A.2.e,natural_gas,1000,nghìn m3,test\n" for y in (2023, 2024))
    folder = _inventory(tmp_path / "inv", rows, "BIG,Big plant,industrial,no\n"
                                                "SMALL,Small plant,industrial,yes\n")
    table = review(folder, 2025).table.set_index("facility_id")
    assert table.loc["BIG", "energy_toe_2024"] == pytest.approx(1080.0)
    assert table.loc["SMALL", "energy_toe_2023"] == pytest.approx(900.0)
    assert table.loc["BIG", "must_be_listed"] == "yes"
    assert table.loc["BIG", "change"] == "add"
    assert table.loc["SMALL", "must_be_listed"] == "no"
    assert table.loc["SMALL", "change"] == "remove"
