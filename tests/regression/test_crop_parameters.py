"""Pins every rice, soils and crop-burning parameter value against its IPCC table and page.

Each case: (set, table, parameter, {dimension: value}, expected, "document table page").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "ghg" / "factors" / "data"

R06, R19 = "2006 Vol 4 Ch 5", "2019 Refinement Vol 4 Ch 5"
S06, S19 = "2006 Vol 4 Ch 11", "2019 Refinement Vol 4 Ch 11"
CASES = [
    # rice, 2006 (SINGLE transcription, see notes)
    ("ipcc2006", "rice_ch4", "efc", {}, 1.30, f"{R06} Table 5.11 p.5.49"),
    *[("ipcc2006", "rice_ch4", "sfw", {"water_regime": w}, v, f"{R06} Table 5.12 p.5.49")
      for w, v in [("continuously_flooded", 1.0), ("single_drainage", 0.60),
                   ("multiple_drainage", 0.52), ("rainfed_regular", 0.28),
                   ("rainfed_drought_prone", 0.25), ("deep_water", 0.31), ("upland", 0.0)]],
    *[("ipcc2006", "rice_ch4", "sfp", {"preseason_water": p}, v, f"{R06} Table 5.13 p.5.50")
      for p, v in [("non_flooded_short", 1.00), ("non_flooded_long", 0.68), ("flooded", 1.90)]],
    *[("ipcc2006", "rice_ch4", "cfoa", {"amendment": a}, v, f"{R06} Table 5.14 p.5.51")
      for a, v in [("straw_short", 1.0), ("straw_long", 0.29), ("compost", 0.05),
                   ("farmyard_manure", 0.14), ("green_manure", 0.50)]],
    ("ipcc2006", "rice_ch4", "sfo_exponent", {}, 0.59, f"{R06} Eq 5.3"),
    # rice, 2019 Refinement
    *[("ipcc2019", "rice_ch4", "efc", {"rice_region": r}, v, f"{R19} Table 5.11 p.5.53")
      for r, v in [("*", 1.19), ("south_east_asia", 1.22), ("east_asia", 1.32),
                   ("south_asia", 0.85), ("europe", 1.56), ("north_america", 0.65),
                   ("south_america", 1.27), ("africa", 1.19)]],
    *[("ipcc2019", "rice_ch4", "sfw", {"water_regime": w}, v, f"{R19} Table 5.12 p.5.54")
      for w, v in [("continuously_flooded", 1.00), ("single_drainage", 0.71),
                   ("multiple_drainage", 0.55), ("rainfed_regular", 0.54),
                   ("rainfed_drought_prone", 0.16), ("deep_water", 0.06), ("upland", 0.0)]],
    *[("ipcc2019", "rice_ch4", "sfp", {"preseason_water": p}, v, f"{R19} Table 5.13 p.5.55")
      for p, v in [("non_flooded_short", 1.00), ("non_flooded_long", 0.89), ("flooded", 2.41),
                   ("non_flooded_very_long", 0.59)]],
    *[("ipcc2019", "rice_ch4", "cfoa", {"amendment": a}, v, f"{R19} Table 5.14 p.5.56")
      for a, v in [("straw_short", 1.00), ("straw_long", 0.19), ("compost", 0.17),
                   ("farmyard_manure", 0.21), ("green_manure", 0.45)]],
    ("ipcc2019", "rice_ch4", "sfo_exponent", {}, 0.59, f"{R19} Eq 5.3"),
    # managed soils, 2006 Table 11.1 p.11.11 and Table 11.3 p.11.24
    ("ipcc2006", "soils_n2o", "ef1", {"n_input": "synthetic_n"}, 0.01, f"{S06} Table 11.1"),
    ("ipcc2006", "soils_n2o", "ef1fr", {}, 0.003, f"{S06} Table 11.1"),
    ("ipcc2006", "soils_n2o", "ef3prp", {"n_input": "pasture_n_cpp"}, 0.02, f"{S06} Table 11.1"),
    ("ipcc2006", "soils_n2o", "ef3prp", {"n_input": "pasture_n_so"}, 0.01, f"{S06} Table 11.1"),
    ("ipcc2006", "soils_n2o", "frac_gas", {"n_input": "synthetic_n"}, 0.10, f"{S06} T11.3 GASF"),
    ("ipcc2006", "soils_n2o", "frac_gas", {"n_input": "organic_n"}, 0.20, f"{S06} T11.3 GASM"),
    ("ipcc2006", "soils_n2o", "ef4", {}, 0.010, f"{S06} Table 11.3"),
    ("ipcc2006", "soils_n2o", "frac_leach", {}, 0.30, f"{S06} Table 11.3"),
    ("ipcc2006", "soils_n2o", "ef5", {}, 0.0075, f"{S06} Table 11.3"),
    # managed soils, 2019 Table 11.1 p.11.13 and Table 11.3
    ("ipcc2019", "soils_n2o", "ef1", {"n_input": "synthetic_n"}, 0.010, f"{S19} T11.1 aggr."),
    ("ipcc2019", "soils_n2o", "ef1", {"n_input": "synthetic_n", "moisture": "wet"}, 0.016,
     f"{S19} Table 11.1 synthetic wet"),
    ("ipcc2019", "soils_n2o", "ef1", {"n_input": "organic_n", "moisture": "wet"}, 0.006,
     f"{S19} Table 11.1 other N wet"),
    ("ipcc2019", "soils_n2o", "ef1", {"n_input": "synthetic_n", "moisture": "dry"}, 0.005,
     f"{S19} Table 11.1 dry"),
    ("ipcc2019", "soils_n2o", "ef1fr", {}, 0.004, f"{S19} Table 11.1 EF1FR"),
    ("ipcc2019", "soils_n2o", "ef3prp", {"n_input": "pasture_n_cpp"}, 0.004, f"{S19} T11.1"),
    ("ipcc2019", "soils_n2o", "ef3prp", {"n_input": "pasture_n_cpp", "moisture": "wet"}, 0.006,
     f"{S19} Table 11.1"),
    ("ipcc2019", "soils_n2o", "ef3prp", {"n_input": "pasture_n_cpp", "moisture": "dry"}, 0.002,
     f"{S19} Table 11.1"),
    ("ipcc2019", "soils_n2o", "ef3prp", {"n_input": "pasture_n_so"}, 0.003, f"{S19} T11.1"),
    ("ipcc2019", "soils_n2o", "frac_gas", {"n_input": "synthetic_n"}, 0.11, f"{S19} T11.3"),
    ("ipcc2019", "soils_n2o", "frac_gas", {"n_input": "organic_n"}, 0.21, f"{S19} T11.3"),
    ("ipcc2019", "soils_n2o", "ef4", {}, 0.010, f"{S19} Table 11.3 aggregated"),
    ("ipcc2019", "soils_n2o", "ef4", {"moisture": "wet"}, 0.014, f"{S19} Table 11.3 wet"),
    ("ipcc2019", "soils_n2o", "ef4", {"moisture": "dry"}, 0.005, f"{S19} Table 11.3 dry"),
    ("ipcc2019", "soils_n2o", "frac_leach", {"moisture": "wet"}, 0.24, f"{S19} Table 11.3"),
    ("ipcc2019", "soils_n2o", "frac_leach", {"moisture": "dry"}, 0.0, f"{S19} Table 11.3"),
    ("ipcc2019", "soils_n2o", "ef5", {}, 0.011, f"{S19} Table 11.3"),
    # urea and liming, 2006 Eq 11.13 p.11.32 / Eq 11.12 p.11.27
    ("ipcc2006", "soils_co2", "ef_c", {"material": "urea"}, 0.20, f"{S06} Eq 11.13"),
    ("ipcc2006", "soils_co2", "ef_c", {"material": "limestone"}, 0.12, f"{S06} Eq 11.12"),
    ("ipcc2006", "soils_co2", "ef_c", {"material": "dolomite"}, 0.13, f"{S06} Eq 11.12"),
    # crop residue burning, 2006 Vol 4 Ch 2 Table 2.6 p.2.48 and Table 2.5 p.2.47
    ("ipcc2006", "burning_crop", "combustion_factor", {"residue": "rice_straw"}, 0.80,
     "2006 Vol 4 Ch 2 Table 2.6"),
    *[("ipcc2006", "burning_crop", "emission_factor", {"residue": "rice_straw", "gas": g}, v,
       "2006 Vol 4 Ch 2 Table 2.5 agricultural residues") for g, v in
      [("co2", 1515.0), ("ch4", 2.7), ("n2o", 0.07)]],
]


def _rows(factor_set: str, table: str) -> pd.DataFrame:
    return pd.read_csv(DATA / factor_set / "parameters" / f"{table}.csv", dtype=str,
                       keep_default_na=False)


@pytest.mark.parametrize(("factor_set", "table", "parameter", "keys", "expected", "source"),
                         CASES, ids=[f"{c[0]}-{c[2]}-{'-'.join(c[3].values())}-{c[5]}"
                                     for c in CASES])
def test_pinned_value(factor_set, table, parameter, keys, expected, source):
    """The most specific row matching ``keys`` in that set alone holds the published value."""
    from ghg.factors.parameters import load_parameters

    params = load_parameters([(factor_set, DATA / factor_set)])
    dims = params.dimensions[table]
    found = params.lookup(table, parameter, {d: np.array([keys.get(d, "")], dtype=object)
                                             for d in dims}, unit=_unit(factor_set, table,
                                                                        parameter))
    assert found.value[0] == pytest.approx(expected), source


def _unit(factor_set: str, table: str, parameter: str) -> str:
    rows = _rows(factor_set, table)
    return rows.loc[rows["parameter"] == parameter, "unit"].iloc[0]


@pytest.mark.parametrize("factor_set", ["ipcc2006", "ipcc2019"])
def test_every_row_is_pinned(factor_set):
    """No value in these tables goes untested: each row's value appears among the cases."""
    pinned = {(c[1], c[2], c[4]) for c in CASES if c[0] == factor_set}
    for table in ("rice_ch4", "soils_n2o", "soils_co2", "burning_crop"):
        path = DATA / factor_set / "parameters" / f"{table}.csv"
        if not path.exists():
            continue
        for _, row in _rows(factor_set, table).iterrows():
            assert (table, row["parameter"], pytest.approx(float(row["value"]))) in [
                (t, p, v) for t, p, v in pinned], (table, dict(row))
