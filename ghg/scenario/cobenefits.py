"""Air-quality co-benefits of each measure: the change in NOx, PM2.5 and NH3 beside its t CO2e.

A measure that burns less of an activity (``activity_reduction``) or moves it to electricity
(``fuel_switch``) saves that activity's pollutants in proportion to the fuel it saves. The model
already knows the CO2e each measure saves on each category line in the target year (measures
acting in file order on what is left); the pollutants saved are that CO2e times the base year's
pollutant per t CO2e of the same activity and category (both from the inventory's own rows:
:func:`ghg.engine.pollutants.by_activity` and the calculation detail). Electricity brought in is
generated outside the province, so it adds no local pollutant. Measures that change a factor or
a practice (rice water regime, manure systems, landfill diversion, grid displacement, emission
factor multipliers) are listed as not computed, with the reason: their pollutant effect needs
factors for the new practice, which the guidebook's Tier 1 tables do not give.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.scenario.base import Base
from ghg.scenario.config import ScenarioSpec
from ghg.scenario.model import Model

#: The pollutants of the plan's air-quality concern that measures change most.
COBENEFIT_POLLUTANTS = ("NOx", "PM2.5", "NH3")
#: Effects whose saving is fuel not burnt: pollutants fall with it.
FUEL_EFFECTS = ("activity_reduction", "fuel_switch")
COLUMNS = ("measure", "year", "saved_co2e_t", *(f"saved_{p}_t" for p in COBENEFIT_POLLUTANTS),
           "status")
NOT_FUEL = ("not computed: the measure changes a factor or a practice, not the fuel burnt; "
            "its pollutant effect needs Tier 1 factors for the new practice")
ELECTRICITY = "none local: the electricity saved or replaced is generated outside the province"
NO_FACTOR = "partly: no pollutant factor for this activity (see pollutants_missing.csv)"
COMPUTED = "computed"
#: The activity name standing for all the activities of a category.
ALL = "*"


def cobenefits(spec: ScenarioSpec, model: Model, base: Base, saved: np.ndarray) -> pd.DataFrame:
    """One row per measure: t CO2e and t of each pollutant saved in the target year.

    ``saved`` is the model's ``(measures, lines, years)`` t CO2e saved. A pollutant without a
    factor for the activity is NaN (unknown), never zero.
    """
    t = int(np.searchsorted(model.years, spec.target_year))
    lines = model.lines
    category = lines["category"].to_numpy(dtype=object)
    intensity = _intensity(base)
    rows = []
    for m, measure in enumerate(spec.measures):  # a few dozen measures, not data rows
        on = np.isin(category, measure.categories) & model.territorial
        co2e = float(saved[m, on, t].sum())
        values = dict.fromkeys(COBENEFIT_POLLUTANTS, np.nan)
        if measure.effect == "grid_displacement":
            status = ELECTRICITY
        elif measure.effect not in FUEL_EFFECTS:
            status = NOT_FUEL
        elif measure.activity == "grid_electricity":
            status = ELECTRICITY
        else:
            per_category = pd.Series(saved[m, on, t], index=category[on]).groupby(level=0).sum()
            # a measure naming no activity cuts every fuel of its categories alike
            mine = intensity[intensity["activity"] == (measure.activity or ALL)] \
                .set_index("category")
            for p in COBENEFIT_POLLUTANTS:
                rate = mine[p].reindex(per_category.index) if p in mine else \
                    pd.Series(np.nan, index=per_category.index)
                values[p] = float((per_category * rate).sum(min_count=1))
            status = COMPUTED if all(np.isfinite(list(values.values()))) else NO_FACTOR
        rows.append({"measure": measure.id, "year": spec.target_year, "saved_co2e_t": co2e,
                     **{f"saved_{p}_t": v for p, v in values.items()}, "status": status})
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _intensity(base: Base) -> pd.DataFrame:
    """Base year, per category and activity (and :data:`ALL` of a category's activities): t of
    each pollutant per t CO2e of its own direct emissions (scope 1, every source)."""
    detail = base.detail
    direct = detail[detail["scope"].astype(int) == 1]
    co2e = direct.groupby([direct["category"].astype(str), direct["activity"].astype(str)])[
        "co2e_t"].sum()
    if base.pollutants is None or not len(base.pollutants):
        return pd.DataFrame(columns=["category", "activity", *COBENEFIT_POLLUTANTS])
    pol = base.pollutants.set_index(["category", "activity", "pollutant"])["emissions_t"] \
        .unstack("pollutant").reindex(columns=list(COBENEFIT_POLLUTANTS))  # NaN: no factor
    pol = pol.reindex(pol.index.union(co2e.index))  # a fuel without any factor: NaN
    whole = pol.groupby(level=0).sum(min_count=1)
    whole_co2e = co2e.groupby(level=0).sum()
    whole.index = pd.MultiIndex.from_arrays([whole.index, [ALL] * len(whole)])
    whole_co2e.index = pd.MultiIndex.from_arrays([whole_co2e.index, [ALL] * len(whole_co2e)])
    rate = pd.concat([pol.div(co2e.reindex(pol.index), axis=0),
                      whole.div(whole_co2e.reindex(whole.index), axis=0)])
    return rate.rename_axis(["category", "activity"]).reset_index()
