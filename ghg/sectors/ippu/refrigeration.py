"""Refrigeration and air conditioning (IPPU 2.F.1) and fire protection (2.F.3) HFCs (2006 IPCC
Guidelines Vol 3 Ch 7).

Tier 2a, the emission-factor approach by application (section 7.5.2.1), one row per life-cycle
stage, each a mass of refrigerant (kg or t) with its ``refrigerant`` and ``application``:

* ``refrigerant_charged``: charged into new equipment in the year; assembly emissions
  = charge × k (Equation 7.12), k = ``emission_rate`` (fraction of the charge).
* ``refrigerant_bank``: held in the operating stock (the bank); operation emissions
  = bank × x per year (Equation 7.13), x = ``emission_rate``. A stock with one composite yearly
  rate is the simple stock method.
* ``refrigerant_retired``: initial charge of the equipment retired in the year; disposal
  emissions = charge × p × (1 − η_rec) (Equation 7.14), p = ``remaining_fraction`` (charge left at
  disposal), η_rec = ``recovery_efficiency``.

The rates are the inventory's (Table 7.9 gives ranges per application: an officer picks and
documents a value; no default is shipped, none was found in two transcriptions). A blend (R-410A,
R-404A) is split into its HFCs by mass (table ``refrigerant_blend``), and each HFC is reported as
its own gas, so CO2e follows the chosen GWP set. ``mobile_ac`` rows belong to 2.F.1.b, the others
to 2.F.1.a (or 2.F.1 itself).

``fire_protection_bank`` (2.F.3): the agent held in fire-protection systems (HFC-227ea, HFC-125,
...), emissions = bank × ``emission_rate`` per year, the bank form of the Tier 1 method of section
7.6 with the inventory's rate (no default shipped); it takes no ``application``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.core.schema import F_GASES
from ghg.sectors.ippu.common import category_fits, fraction_ok
from ghg.sectors.method import SectorContext, SectorRows, concat_records, fmt, no_records, records

TABLE = "refrigerant_blend"
STAGES = {"refrigerant_charged": "assembly", "refrigerant_bank": "operation",
          "refrigerant_retired": "disposal", "fire_protection_bank": "operation"}
FIRE = "fire_protection_bank"
APPLICATIONS = ("domestic_refrigeration", "commercial_refrigeration", "transport_refrigeration",
                "industrial_refrigeration", "stationary_ac", "mobile_ac")
BLEND_TOLERANCE = 1e-6  # mass fractions of a blend add up to 1 within rounding


def assembly_emissions(charge_t: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Refrigerant emitted charging new equipment, t = charge × k (Equation 7.12)."""
    return charge_t * k


def operation_emissions(bank_t: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Refrigerant leaked from the operating stock in a year, t = bank × x (Equation 7.13)."""
    return bank_t * x


def disposal_emissions(charge_t: np.ndarray, remaining: np.ndarray,
                       recovery: np.ndarray) -> np.ndarray:
    """Refrigerant emitted at disposal, t = initial charge × p × (1 − η_rec) (Equation 7.14)."""
    return charge_t * remaining * (1.0 - recovery)


def gas_fractions(refrigerant: np.ndarray, context: SectorContext
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Per row and F-gas (rows × :data:`F_GASES`) the mass fraction of that gas in the
    refrigerant, and the source ids of blend rows (-1 for a pure gas or none)."""
    n = len(refrigerant)
    fractions = np.zeros((n, len(F_GASES)))
    refs = np.full((n, len(F_GASES)), -1, dtype=np.int64)
    has_table = TABLE in context.parameters.dimensions
    for index, gas in enumerate(F_GASES):  # a few gases, whole columns each
        pure = refrigerant == gas.lower()
        fractions[pure, index] = 1.0
        if has_table:
            found = context.parameters.lookup(TABLE, "mass_fraction",
                                              {"blend": refrigerant, "gas": gas.lower()},
                                              unit="1")
            blend = ~pure & ~found.missing
            fractions[blend, index] = found.value[blend]
            refs[blend, index] = found.ref[blend]
    return fractions, refs


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """HFC records per gas for charged, banked and retired refrigerant rows."""
    if not len(rows):
        return no_records()
    activity = rows.text("activity")
    mass = rows.amount_in("t")
    fire = activity == FIRE
    application = np.where(fire, "fire_protection",
                           rows.choice("application", APPLICATIONS, mask=~fire))
    mobile = application == "mobile_ac"
    roots = {key: ("2.F.3",) if key == FIRE else ("2.F.1",) for key in STAGES}
    ok = category_fits(rows, roots)
    category = rows.frame["category"].astype(str).to_numpy(dtype=str)
    wrong_mobile = ok & mobile & ((category == "2.F.1.a") | np.char.startswith(category,
                                                                                "2.F.1.a."))
    wrong_fixed = ok & ~mobile & ((category == "2.F.1.b") | np.char.startswith(category,
                                                                                "2.F.1.b."))
    rows.report(wrong_mobile, "category", _("is not the category of mobile air conditioning; "
                                            "expected 2.F.1.b (or 2.F.1)"))
    rows.report(wrong_fixed, "category", _("is the category of mobile air conditioning; "
                                           "expected 2.F.1.a (or 2.F.1) for this application, "
                                           "or application mobile_ac"))
    ok &= ~wrong_mobile & ~wrong_fixed & (np.isin(application, APPLICATIONS) | fire)

    charged = activity == "refrigerant_charged"
    bank = (activity == "refrigerant_bank") | fire
    retired = activity == "refrigerant_retired"
    rate = rows.number("emission_rate", maximum=1.0, required=charged | bank)
    remaining = rows.number("remaining_fraction", maximum=1.0, required=retired)
    recovery = rows.number("recovery_efficiency", maximum=1.0, required=retired)
    ok &= np.where(retired, fraction_ok(remaining) & fraction_ok(recovery), fraction_ok(rate))

    refrigerant = rows.text("refrigerant")
    fractions, refs = gas_fractions(refrigerant, context)
    total = fractions.sum(axis=1)
    rows.report(refrigerant == "", "refrigerant", _("is empty; expected a refrigerant such as "
                                                    "HFC-32, HFC-134a, R-410A or R-404A"))
    unknown = (refrigerant != "") & (total == 0)
    rows.report(unknown, "refrigerant", _(
        "is not a known HFC or blend; expected {gases} or a blend of the table {table} (e.g. "
        "R-410A, R-404A)").format(gases=", ".join(F_GASES), table=TABLE))
    partial = (total > 0) & (np.abs(total - 1.0) > BLEND_TOLERANCE)
    rows.report(partial, "refrigerant", _("is a blend whose HFC fractions do not add up to 1 "
                                          "(other components are not computed); check the table"
                                          " {TABLE}").format(TABLE=TABLE))
    ok &= (refrigerant != "") & ~unknown & ~partial

    emitted = np.select([charged, bank, retired],
                        [assembly_emissions(mass, rate), operation_emissions(mass, rate),
                         disposal_emissions(mass, remaining, recovery)], np.nan)
    stage = np.select([charged, bank, retired], ["charge", "bank", "retired charge"], "")
    factors = np.where(retired, " × p " + fmt(remaining) + " × (1 − η_rec "
                       + fmt(recovery) + ")", " × rate " + fmt(rate)).astype(object)
    base = (fmt(mass) + " t " + stage.astype(object) + " of " + refrigerant.astype(object) + " ("
            + application.astype(object) + ")" + factors + " [row] = " + fmt(emitted)
            + " t refrigerant")
    describe = context.parameters.describe
    parts = []
    for index, gas in enumerate(F_GASES):  # a few gases, not data rows
        share = fractions[:, index]
        position = np.flatnonzero(ok & (share > 0))
        if not len(position):
            continue
        gas_t = emitted * share
        source = np.where(refs[:, index] >= 0, " [" + describe(refs[:, index]) + "]", "")
        chain = (base + " × " + gas + " share " + fmt(share) + source + " = " + fmt(gas_t)
                 + " t " + gas)
        for key, step in STAGES.items():  # a few stages: one record set each
            at = position[activity[position] == key]
            if len(at):
                parts.append(records(rows, at, category=category.astype(object)[at], gas=gas,
                                     emissions_t=gas_t[at], step=step,
                                     chain=np.asarray(chain, dtype=object)[at]))
    if not parts:
        return no_records()
    return concat_records(parts)
