"""Municipal solid waste derived from population (``msw`` rows, 2006 IPCC Guidelines Vol 5 ch 2).

Persons × ``msw_kg_per_capita_day`` × 365 = waste generated. ``collection_pct`` of it is
collected and split by ``landfill_pct``, ``composting_pct``, ``incineration_pct`` (+
``recycling_pct`` or ``other_pct``; the group must sum to 100); ``open_burning_pct`` of the
UNCOLLECTED waste is burnt in the open. Composition: ``<component>_pct`` columns (must sum to 100)
or the regional default of Table 2.3 (``waste_composition``, rescaled to sum to 1). Landfilled
waste becomes deposits by component (rubber/leather, plastics, metal, glass and other inert go to
``plastics_other_inert``, DOC 0: Table 2.4 gives natural rubber no anaerobic degradation),
composted waste goes to 4.B (wet basis), incinerated and open-burnt waste to 4.C.1 / 4.C.2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.core.i18n import _
from ghg.sectors.method import SectorContext, SectorRows
from ghg.sectors.waste.landfill import SITE_TYPES
from ghg.sectors.waste.streams import amount, stream

#: Table 2.3 / 2.4 components of MSW, and the SWDS waste type each is deposited as.
COMPONENTS = {"food_waste": "food_waste", "garden_waste": "garden_waste",
              "paper_waste": "paper_waste", "wood_waste": "wood_waste",
              "textile_waste": "textile_waste", "nappies": "nappies",
              "rubber_leather": "plastics_other_inert", "plastics": "plastics_other_inert",
              "metal": "plastics_other_inert", "glass": "plastics_other_inert",
              "other_inert": "plastics_other_inert"}
SHARE_TOLERANCE = 0.5  # percentage points


def composition(rows: SectorRows, context: SectorContext, mask: np.ndarray) -> np.ndarray:
    """Share of each component (rows × components) from columns or the regional default."""
    names = list(COMPONENTS)
    if not mask.any() and not any(f"{c}_pct" in rows.frame for c in names):
        return np.zeros((len(rows), len(names)))  # nothing to read, nothing to report
    given = np.column_stack([rows.number(f"{c}_pct", default=np.nan, maximum=100.0)
                             for c in names])
    custom = mask & np.isfinite(given).any(axis=1)
    total = np.nansum(given, axis=1)
    off = custom & (np.abs(total - 100.0) > SHARE_TOLERANCE)
    if off.any():  # the sums are written out only for a message
        rows.report(off, f"{names[0]}_pct", _("waste-type shares (*_pct composition columns) "
                                              "sum to a value other than 100; expected shares "
                                              "of wet waste summing to 100"),
                    values=np.char.mod("sum %.4g", total))
    share = np.nan_to_num(given) / np.where(total > 0, total, 1.0)[:, None]
    default = mask & ~custom
    if default.any():
        region = np.asarray(context.ipcc_region(rows, mask=default), dtype=object)
        # one lookup for every component: rows × components, component-major; then in C
        # order, so the row sums below add in the same order as before
        table = context.parameters.lookup(
            "waste_composition", "msw_share",
            {"waste_type": np.repeat(np.array(names, dtype=object), len(region)),
             "region": np.tile(region, len(names))},
            unit="percent of wet MSW").value.reshape(len(names), len(region)).T.copy()
        known = np.isfinite(table).any(axis=1)
        rows.report(default & ~known, "ipcc_region",
                    _("has no default MSW composition (waste_composition msw_share) in the "
                      "factor sets; give *_pct composition columns or an ipcc_region with a "
                      "Table 2.3 row"),
                    values=region)
        table = np.nan_to_num(table)
        share[default] = (table / np.maximum(table.sum(axis=1), 1e-12)[:, None])[default]
    return share


def msw_streams(rows: SectorRows, context: SectorContext, mask: np.ndarray) -> dict:
    """Split ``msw_generation`` rows into landfill, composting and burning streams."""
    empty = {k: stream([], [], []) for k in ("landfill", "composting", "burning")}
    if not mask.any():
        return empty
    per_day = rows.number("msw_kg_per_capita_day", required=mask)
    collect = rows.number("collection_pct", required=mask, maximum=100.0)
    parts = {c: rows.number(f"{c}_pct", default=0.0, maximum=100.0)
             for c in ("landfill", "composting", "incineration", "recycling", "other")}
    total = sum(parts.values())
    rows.report(mask & (np.abs(total - 100.0) > SHARE_TOLERANCE), "landfill_pct",
                _("collected-waste shares landfill_pct + composting_pct + incineration_pct + "
                  "recycling_pct + other_pct do not sum to 100; expected shares of collected "
                  "waste"),
                values=np.char.mod("sum %.4g", total))
    burnt = rows.number("open_burning_pct", default=0.0, maximum=100.0)
    site = rows.choice("site_type", SITE_TYPES, mask=mask & (parts["landfill"] > 0))
    generated = amount(rows, "person", mask) * per_day * 365.0 / 1000.0          # t/yr
    collected = generated * collect / 100.0
    good = mask & np.isfinite(generated) & np.isfinite(collected)
    share = composition(rows, context, good)
    idx = np.flatnonzero(good)
    years = rows.frame["year"].to_numpy()
    cat = rows.frame["category"].astype(str).to_numpy()
    names = np.array(list(COMPONENTS), dtype=object)
    nc = len(names)
    r, c = np.repeat(idx, nc), np.tile(np.arange(nc), len(idx))
    keep = share[r, c] > 0
    r, c = r[keep], c[keep]
    landfill = stream(r, years[r], collected[r] * parts["landfill"][r] / 100 * share[r, c],
                      waste_type=[COMPONENTS[n] for n in names[c]], site_type=site[r],
                      category=np.where(np.char.startswith(cat[r].astype(str), "4.A"), cat[r],
                                        "4.A"))
    composting = stream(idx, years[idx], collected[idx] * parts["composting"][idx] / 100,
                        treatment="composting", basis="wet")
    inc = collected[r] * parts["incineration"][r] / 100 * share[r, c]
    ob = (generated[r] - collected[r]) * burnt[r] / 100 * share[r, c]
    burning = pd.concat([
        stream(r, years[r], inc, component=names[c], treatment="incineration",
               category="4.C.1"),
        stream(r, years[r], ob, component=names[c], treatment="open_burning",
               category="4.C.2")], ignore_index=True)
    return {"landfill": landfill[landfill["mass"] > 0], "burning": burning[burning["mass"] > 0],
            "composting": composting[composting["mass"] > 0]}
