"""N2O from the urine and dung a herd deposits on pasture, range and paddock (F_PRP).

The manure module leaves the pasture share out of the manure N2O (3.A.2, 3.C.6): in the IPCC tree
that N is an input to managed soils. Here it is routed there, once per herd row:

- direct N2O under 3.C.4: F_PRP × EF3PRP × 44/28 (2006 Vol 4 eq. 11.1);
- indirect N2O under 3.C.5: F_PRP × FracGASM × EF4 × 44/28 (eq. 11.9) and
  F_PRP × FracLEACH-(H) × EF5 × 44/28 (eq. 11.10),

with F_PRP = heads × Nex × pasture share (eq. 11.5, the pasture part of the herd's N) and the
factors of the managed-soils table ``soils_n2o`` (the same rows a ``pasture_n_cpp`` /
``pasture_n_so`` soil-N row uses): EF3PRP,CPP for cattle, buffalo, pigs and poultry, EF3PRP,SO for
sheep and goats (2006 Table 11.1). An inventory that enters the same N again as a ``soil_n`` row
counts it twice; the herd row is the one place it should be entered.
"""

from __future__ import annotations

import numpy as np

from ghg.sectors.livestock import kernels as k
from ghg.sectors.livestock.lookup import lookup
from ghg.sectors.method import RecordPart, SectorContext, SectorRows, Texts, fmt, part
from ghg.sectors.soils import TABLE_N2O, moisture_of

#: 2006 Table 11.1: CPP = cattle (dairy, non-dairy, buffalo), poultry and pigs; SO = sheep and
#: other animals.
SHEEP_AND_OTHER = ("sheep", "goats")


def n_input_of(activity: np.ndarray) -> np.ndarray:
    """The managed-soils N input (``pasture_n_cpp`` or ``pasture_n_so``) of each species."""
    return np.where(np.isin(activity, SHEEP_AND_OTHER), "pasture_n_so",
                    "pasture_n_cpp").astype(object)


def pasture_records(rows: SectorRows, context: SectorContext, species: np.ndarray,
                    zone: np.ndarray, code: np.ndarray, selected: np.ndarray,
                    heads: np.ndarray, nex: np.ndarray, nex_text: np.ndarray,
                    pasture: np.ndarray, missing) -> list[RecordPart]:
    """3.C.4 and 3.C.5 records of the rows in ``selected`` whose class has a pasture share.

    Per class (indexed by ``code``): ``species``, climate ``zone``, ``nex`` (kg N/head/yr) with
    its text, and the ``pasture`` share; ``missing(class_bad, column, what, hint)`` reports rows
    lacking a factor.
    """
    n_input = n_input_of(species)
    keys = {"n_input": n_input, "moisture": moisture_of(np.asarray(zone, dtype=object))}
    found = {name: lookup(context.parameters, TABLE_N2O, name, keys, unit=unit)
             for name, unit in (("ef3prp", "kg N2O-N/kg N"), ("frac_gas", "kg N/kg N"),
                                ("ef4", "kg N2O-N/kg N"), ("frac_leach", "kg N/kg N"),
                                ("ef5", "kg N2O-N/kg N"))}
    grazing = pasture > 0
    describe = context.parameters.describe
    out = []
    prp_text = (nex_text + "pasture share " + fmt(pasture) + " = F_PRP "
                + fmt(nex * pasture) + " kg N/head/yr (" + n_input + ")")
    for step, category, names, label in (
            ("pasture_n2o_direct", "3.C.4", ("ef3prp",), "EF3PRP"),
            ("pasture_n2o_volatilisation", "3.C.5", ("frac_gas", "ef4"), "FracGASM × EF4"),
            ("pasture_n2o_leaching", "3.C.5", ("frac_leach", "ef5"), "FracLEACH × EF5")):
        lacking = np.zeros(len(species), dtype=bool)
        for name in names:
            bad = grazing & found[name].missing
            missing(bad, "activity", name + " (managed soils, for the manure deposited on "
                    "pasture) for " + n_input, "")
            lacking |= bad
        ok = grazing & ~lacking
        i = np.flatnonzero(selected & ok[code])
        if not len(i):
            continue
        factor = np.prod([found[name].value for name in names], axis=0)
        per_head_t = nex * pasture * factor * k.N2O_PER_N / 1000.0  # eq. 11.1, 11.9, 11.10
        parts = [fmt(found[name].value) + " [" + describe(found[name].ref) + "]"
                 for name in names]
        factors_text = parts[0] if len(parts) == 1 else parts[0] + " × " + parts[1]
        chain = ("head × " + prp_text + " × " + label + " " + factors_text + " × 44/28 = "
                 + fmt(per_head_t * 1000.0) + " kg N2O/head/yr (manure on pasture, "
                 "managed soils)")
        own = code[i]  # each record's class, gathered once
        out.append(part(i, category=category, gas="N2O", emissions_t=heads[i] * per_head_t[own],
                        step=step, chain=Texts(chain, own)))
    return out
