"""Pin every waste parameter value tabulated in ipcc2006 / ipcc2019 (document, table, page)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "data"

# (set, table, parameter, key dims, value, IPCC table, page)
PINNED = [
    ("ipcc2006", "waste_swds", "doc", {"waste_type": "food_waste"}, 0.15, "2.4", "2.14"),
    ("ipcc2006", "waste_swds", "doc", {"waste_type": "garden_waste"}, 0.2, "2.4", "2.14"),
    ("ipcc2006", "waste_swds", "doc", {"waste_type": "paper_waste"}, 0.4, "2.4", "2.14"),
    ("ipcc2006", "waste_swds", "doc", {"waste_type": "wood_waste"}, 0.43, "2.4", "2.14"),
    ("ipcc2006", "waste_swds", "doc", {"waste_type": "textile_waste"}, 0.24, "2.4", "2.14"),
    ("ipcc2006", "waste_swds", "doc", {"waste_type": "nappies"}, 0.24, "2.4", "2.14"),
    ("ipcc2006", "waste_swds", "doc", {"waste_type": "plastics_other_inert"}, 0.0, "2.4", "2.14"),
    ("ipcc2006", "waste_swds", "docf", {}, 0.5, "section 3.2.3 (DOCf)", "3.13"),
    ("ipcc2006", "waste_swds", "f", {}, 0.5, "section 3.2.3 (F)", "3.15"),
    ("ipcc2006", "waste_swds", "mcf", {"site_type": "managed_anaerobic"}, 1.0, "3.1", "3.14"),
    ("ipcc2006", "waste_swds", "mcf", {"site_type": "managed_semi_aerobic"}, 0.5, "3.1", "3.14"),
    ("ipcc2006", "waste_swds", "mcf", {"site_type": "unmanaged_deep"}, 0.8, "3.1", "3.14"),
    ("ipcc2006", "waste_swds", "mcf", {"site_type": "unmanaged_shallow"}, 0.4, "3.1", "3.14"),
    ("ipcc2006", "waste_swds", "mcf", {"site_type": "uncategorised"}, 0.6, "3.1", "3.14"),
    ("ipcc2006", "waste_swds", "ox", {"site_type": "managed_covered"}, 0.1, "3.2", "3.15"),
    ("ipcc2006", "waste_swds", "ox", {"site_type": "*"}, 0.0, "3.2", "3.15"),
    *[("ipcc2006", "waste_swds", "k", {"waste_type": w, "climate_zone": z}, v, "3.3", "3.17")
      for w, z, v in [
          ("food_waste", "tropical_wet", 0.4), ("garden_waste", "tropical_wet", 0.17),
          ("paper_waste", "tropical_wet", 0.07), ("textile_waste", "tropical_wet", 0.07),
          ("wood_waste", "tropical_wet", 0.035), ("msw_bulk", "tropical_wet", 0.17),
          ("food_waste", "tropical_dry", 0.085), ("garden_waste", "tropical_dry", 0.065),
          ("paper_waste", "tropical_dry", 0.045), ("wood_waste", "tropical_dry", 0.025),
          ("msw_bulk", "tropical_dry", 0.065),
          ("food_waste", "cool_temperate_moist", 0.185), ("garden_waste", "boreal_moist", 0.1),
          ("paper_waste", "warm_temperate_moist", 0.06), ("wood_waste", "boreal_moist", 0.03),
          ("msw_bulk", "cool_temperate_moist", 0.09),
          ("food_waste", "cool_temperate_dry", 0.06), ("garden_waste", "boreal_dry", 0.05),
          ("paper_waste", "warm_temperate_dry", 0.04), ("wood_waste", "boreal_dry", 0.02),
          ("msw_bulk", "cool_temperate_dry", 0.05)]],
    *[("ipcc2006", "waste_composition", "msw_share",
       {"waste_type": w, "region": "south_east_asia"}, v, "2.3", "2.12")
      for w, v in [("food_waste", 43.5), ("paper_waste", 12.9), ("wood_waste", 9.9),
                   ("textile_waste", 2.7), ("rubber_leather", 0.9), ("plastics", 7.2),
                   ("metal", 3.3), ("glass", 4.0), ("other_inert", 16.3)]],
    *[("ipcc2006", "waste_biological", p, {"treatment": t, "basis": b}, v, "4.1", "4.6")
      for p, t, b, v in [("ef_ch4", "composting", "dry", 10), ("ef_ch4", "composting", "wet", 4),
                         ("ef_n2o", "composting", "dry", 0.6), ("ef_n2o", "composting", "wet", 0.3),
                         ("ef_ch4", "anaerobic_digestion", "dry", 2),
                         ("ef_ch4", "anaerobic_digestion", "wet", 1),
                         ("ef_n2o", "anaerobic_digestion", "*", 0)]],
    *[("ipcc2006", "waste_burning", p, {"waste_type": w, "treatment": "*"}, v, "2.4", "2.14")
      for w, dm, cf, fcf in [("paper_waste", 0.9, 0.46, 0.01), ("textile_waste", 0.8, 0.5, 0.2),
                             ("food_waste", 0.4, 0.38, 0.0), ("wood_waste", 0.85, 0.5, 0.0),
                             ("garden_waste", 0.4, 0.49, 0.0), ("nappies", 0.4, 0.7, 0.1),
                             ("rubber_leather", 0.84, 0.67, 0.2), ("plastics", 1.0, 0.75, 1.0),
                             ("other_inert", 0.9, 0.03, 1.0)]
      for p, v in (("dm", dm), ("cf", cf), ("fcf", fcf))],
    ("ipcc2006", "waste_burning", "dm", {"waste_type": "metal", "treatment": "*"}, 1.0, "2.4", "2.14"),
    ("ipcc2006", "waste_burning", "dm", {"waste_type": "glass", "treatment": "*"}, 1.0, "2.4", "2.14"),
    ("ipcc2006", "waste_burning", "of", {"waste_type": "*", "treatment": "incineration"}, 1.0,
     "5.2", "5.18"),
    ("ipcc2006", "waste_burning", "of", {"waste_type": "*", "treatment": "open_burning"}, 0.58,
     "5.2", "5.18"),
    ("ipcc2006", "waste_wastewater", "bo_bod", {}, 0.6, "section 6.2.2.2 (Bo)", "6.12"),
    ("ipcc2006", "waste_wastewater", "bo_cod", {}, 0.25, "section 6.2.2.2 (Bo)", "6.12"),
    ("ipcc2006", "waste_wastewater", "mcf", {"pathway": "septic_tank"}, 0.5, "6.3", "6.13"),
    ("ipcc2006", "waste_wastewater", "bod", {"source": "domestic", "region": "asia"}, 40, "6.4",
     "6.14"),
    ("ipcc2006", "waste_wastewater", "i_factor", {"source": "domestic", "pathway": "collected"},
     1.25, "eq 6.3 text", "6.14"),
    ("ipcc2006", "waste_wastewater", "i_factor", {"source": "domestic", "pathway": "uncollected"},
     1.0, "eq 6.3 text", "6.14"),
    ("ipcc2006", "waste_wastewater", "ef_n2o_effluent", {"source": "domestic"}, 0.005, "6.11",
     "6.27"),
    ("ipcc2006", "waste_wastewater", "f_npr", {"source": "domestic"}, 0.16, "6.11", "6.27"),
    ("ipcc2006", "waste_wastewater", "f_ind_com", {"source": "domestic"}, 1.25, "6.11", "6.27"),
    ("ipcc2006", "waste_wastewater", "cod", {"source": "seafood_processing"}, 2.5, "6.9", "6.22"),
    ("ipcc2006", "waste_wastewater", "wastewater", {"source": "seafood_processing"}, 14, "6.9",
     "6.22"),
    ("ipcc2006", "waste_wastewater", "cod", {"source": "fruit_processing"}, 5.0, "6.9", "6.22"),
    ("ipcc2006", "waste_wastewater", "wastewater", {"source": "fruit_processing"}, 20, "6.9",
     "6.22"),
    *[("ipcc2019", "waste_swds", "docf", {"waste_type": w}, v, "3.0 (DOCf by waste type)",
       "not reached")
      for w, v in [("food_waste", 0.7), ("garden_waste", 0.7), ("paper_waste", 0.5),
                   ("textile_waste", 0.5), ("nappies", 0.5), ("wood_waste", 0.1),
                   ("rubber_leather", 0.0)]],
    *[("ipcc2019", "waste_swds", "mcf", {"site_type": s}, v, "3.1 (updated)", "not reached")
      for s, v in [("managed_well_semi_aerobic", 0.5), ("managed_poorly_semi_aerobic", 0.7),
                   ("managed_well_active_aeration", 0.4), ("managed_poorly_active_aeration", 0.7)]],
    *[("ipcc2019", "waste_swds", "ox", {"site_type": s}, 0.1, "3.2 (updated)", "not reached")
      for s in ("managed_well_semi_aerobic", "managed_well_active_aeration")],
    *[("ipcc2019", "waste_wastewater", "mcf", {"pathway": w}, v, "6.3 (updated)", "not reached")
      for w, v in [("septic_tank", 0.5), ("septic_tank_with_land_dispersal_field", 0.5),
                   ("sea_river_lake_discharge", 0.11), ("stagnant_sewer", 0.5),
                   ("flowing_sewer", 0.0), ("centralised_aerobic_plant", 0.03),
                   ("anaerobic_reactor", 0.8), ("anaerobic_shallow_lagoon", 0.2),
                   ("latrine_wet", 0.7), ("anaerobic_deep_lagoon", 0.8)]],
    *[("ipcc2019", "waste_wastewater", "ef_n2o_plant", {"source": "domestic", "pathway": w}, v,
       "6.8A", "not reached")
      for w, v in [("centralised_aerobic_plant", 0.016),
                   ("septic_tank_with_land_dispersal_field", 0.0045), ("septic_tank", 0.0),
                   ("anaerobic_reactor", 0.0), ("latrine_wet", 0.0)]],
    ("ipcc2019", "waste_wastewater", "ef_n2o_effluent", {"source": "domestic"}, 0.005, "6.8A",
     "not reached"),
    ("ipcc2019", "waste_wastewater", "f_non_con", {"source": "domestic",
                                                   "region": "south_east_asia"}, 1.02, "6.10a",
     "not reached"),
]


def _table(folder: str, name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / folder / "parameters" / f"{name}.csv", dtype=str,
                       keep_default_na=False)


@pytest.mark.parametrize(("folder", "table", "parameter", "key", "value", "ipcc_table", "page"),
                         PINNED, ids=lambda v: str(v) if not isinstance(v, dict) else
                         "-".join(v.values()))
def test_pinned(folder, table, parameter, key, value, ipcc_table, page):
    t = _table(folder, table)
    hit = t[t["parameter"] == parameter]
    for dim, want in key.items():
        hit = hit[hit[dim] == want]
    dims = [c for c in t.columns if c not in ("parameter", "value", "unit", "lower", "upper",
                                              "document", "table", "page", "note")]
    hit = hit[(hit[[d for d in dims if d not in key]] == "*").all(axis=1)] \
        if len(hit) > 1 else hit
    assert len(hit) == 1, hit
    row = hit.iloc[0]
    assert float(row["value"]) == pytest.approx(value)
    assert (row["table"], row["page"]) == (ipcc_table, page)


@pytest.mark.parametrize("folder", ["ipcc2006", "ipcc2019"])
def test_every_tabulated_row_is_pinned(folder):
    pinned_by_table = {}
    for f, table, *_ in PINNED:
        if f == folder:
            pinned_by_table[table] = pinned_by_table.get(table, 0) + 1
    for path in sorted((DATA / folder / "parameters").glob("waste_*.csv")):
        t = _table(folder, path.stem)
        if path.stem == "waste_swds" and folder == "ipcc2006":
            # k rows: 6 waste types (5 Table 3.3 groups) × 9 engine zones; 21 pinned, one per cell
            assert len(t[t.parameter == "k"]) == 54
            assert pinned_by_table[path.stem] >= len(t) - 54 + 21
            continue
        if path.stem == "waste_wastewater" and folder == "ipcc2006":
            assert len(t[t.parameter == "bod"]) == 5   # one Table 6.4 row, 5 engine regions
            assert pinned_by_table[path.stem] >= len(t) - 4
            continue
        assert pinned_by_table.get(path.stem, 0) == len(t), path.stem


def test_single_transcriptions_are_flagged():
    notes = pd.concat([_table(f, p.stem) for f in ("ipcc2006", "ipcc2019")
                       for p in (DATA / f / "parameters").glob("waste_*.csv")])["note"]
    lone = notes.str.contains("bonsai", case=False) & ~notes.str.contains(
        "confirmed|jo-n-cas|code-corpus|two transcriptions|climate-policy-watcher", case=False)
    assert notes[lone].str.startswith("SINGLE transcription:").all()
