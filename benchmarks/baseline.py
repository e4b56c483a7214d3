"""A straightforward pandas implementation of the energy calculation, as an analyst would write it.

It is the yardstick of the benchmarks (docs/contracts.md §6: speed is measured as a ratio against
a plain pandas implementation run in the same process). It does the same arithmetic as the engine:

1. merge a unit table (scale to t, m3, TJ or MWh, and what the unit measures) into the rows;
2. merge a long factor table — one row per (activity, category, year, gas) with NCV, density,
   emission factor, scope and biogenic flag — into the rows (one row per activity row and gas);
3. multiply: mass = volume × density, energy = mass × NCV, emissions = energy × EF (fuels) or
   MWh × grid EF (electricity);
4. drop biogenic CO2 (a memo item, never in totals), group by (source_id, year, category, scope,
   gas) and sum, multiply by the GWP.

It does no validation: it trusts its input, where the engine checks every row.

The factor table is built once (outside any timing) from the factors the engine resolves for
every (activity, category, year) the synthetic tables can hold, so both compute the same
numbers; ``test_baseline.py`` checks that they agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

GASES = ["CO2", "CH4", "N2O"]
KEY = ["source_id", "year", "category", "scope", "gas"]

#: What an analyst types in: each unit's factor to the canonical unit, and what it measures.
UNITS = pd.DataFrame(
    [("t", 1.0, "mass"), ("kt", 1000.0, "mass"), ("Gg", 1000.0, "mass"),
     ("l", 0.001, "volume"), ("m3", 1.0, "volume"),
     ("TJ", 1.0, "heat"), ("GJ", 0.001, "heat"),
     ("MWh", 1.0, "electric"), ("kWh", 0.001, "electric"), ("GWh", 1000.0, "electric")],
    columns=["unit", "unit_scale", "quantity"],
)


@dataclass(frozen=True)
class BaselineTables:
    """Lookup tables of the baseline: units, long factor table, GWP per gas."""

    units: pd.DataFrame
    factors: pd.DataFrame
    gwp: dict[str, float]


def build_tables(activity: pd.DataFrame | None = None, gwp: str = "AR5") -> BaselineTables:
    """Factor table from the engine's resolved factors for every key of ``activity``.

    ``activity`` defaults to :func:`synthetic.combo_table` (every combo × year the synthetic
    tables can hold). Runs the engine once on that small table.
    """
    from ghg.core.units import gwp100
    from ghg.factors.library import activities, load_library
    from ghg.inputs.folder import read_inputs
    from ghg.sectors.energy.method import calculate

    if activity is None:
        from synthetic import combo_table

        activity = combo_table()
    frame = read_inputs(activity).frame
    calc = calculate(frame, load_library())
    keyed = calc.factors  # one row per (activity, category, year, quantity)
    registry = activities()
    parts = []
    for gas in GASES:
        part = pd.DataFrame({
            "activity": keyed["activity"].astype(str), "category": keyed["category"].astype(str),
            "year": keyed["year"].astype(np.int32), "gas": gas,
            "ef": keyed[f"ef_{gas}_value"], "ncv": keyed["ncv_value"],
            "density": keyed["density_value"],
        })
        parts.append(part[part["ef"].notna()])
    long = pd.concat(parts, ignore_index=True)
    # NCV and density are only resolved for keys that need them (mass, volume); one per
    # (activity, category, year, gas) whatever the unit.
    long = (long.groupby(["activity", "category", "year", "gas"], sort=False, as_index=False)
            .agg(ef=("ef", "first"), ncv=("ncv", "max"), density=("density", "max")))
    kind = registry.loc[long["activity"], "kind"].to_numpy()
    long["scope"] = np.where(kind == "electricity", 2, 1).astype(np.int8)
    long["biogenic"] = registry.loc[long["activity"], "biogenic_co2"].to_numpy(dtype=bool)
    long["gas"] = pd.Categorical(long["gas"], categories=GASES)
    return BaselineTables(UNITS.copy(), long, {gas: gwp100(gwp, gas) for gas in GASES})


def compute(df: pd.DataFrame, tables: BaselineTables) -> pd.DataFrame:
    """Emissions per (source_id, year, category, scope, gas): emissions_t and co2e_t."""
    rows = df.merge(tables.units, on="unit", how="left")
    rows = rows.merge(tables.factors, on=["activity", "category", "year"], how="inner")
    amount = rows["amount"] * rows["unit_scale"]
    mass = amount.where(rows["quantity"] != "volume", amount * rows["density"])
    energy_tj = amount.where(rows["quantity"] == "heat", mass / 1000 * rows["ncv"])
    rows["emissions_t"] = np.where(rows["scope"] == 2, amount * rows["ef"],
                                   energy_tj * rows["ef"] / 1000)
    rows = rows[~(rows["biogenic"] & (rows["gas"] == "CO2"))]
    out = rows.groupby(KEY, observed=True, sort=True)["emissions_t"].sum().reset_index()
    out["co2e_t"] = out["emissions_t"] * out["gas"].map(tables.gwp).astype(float)
    return out


def assert_baseline_agrees(tables: BaselineTables, n_rows: int = 10**4, seed: int = 1,
                           rtol: float = 1e-9, shuffle: bool = False) -> None:
    """Run the engine and the baseline on one synthetic table; fail unless they agree.

    Same (source_id, year, category, scope, gas) rows, emissions_t and co2e_t equal to ``rtol``.
    """
    from synthetic import make_activity

    import ghg

    df = make_activity(n_rows, seed=seed, shuffle=shuffle)
    engine = ghg.compute(df, gwp="AR5").emissions
    ours = compute(df, tables)
    assert len(engine) == len(ours), f"engine has {len(engine)} rows, baseline {len(ours)}"
    keys = pd.DataFrame({k: engine[k].astype(str) for k in KEY})
    other = pd.DataFrame({k: ours[k].astype(str) for k in KEY})
    joined = keys.assign(e=engine["emissions_t"].to_numpy(), c=engine["co2e_t"].to_numpy()).merge(
        other.assign(e=ours["emissions_t"].to_numpy(), c=ours["co2e_t"].to_numpy()),
        on=KEY, how="outer", suffixes=("_engine", "_baseline"), indicator=True)
    unmatched = joined[joined["_merge"] != "both"]
    assert unmatched.empty, f"rows only in one result:\n{unmatched.head(10)}"
    for column in ("e", "c"):
        np.testing.assert_allclose(joined[f"{column}_baseline"], joined[f"{column}_engine"],
                                   rtol=rtol, atol=0, err_msg=f"column {column}")
