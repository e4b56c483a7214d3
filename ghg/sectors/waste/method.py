"""Solid waste (4.A-4.C): disposal sites (FOD), landfill gas recovery, MSW derivation,
composting and anaerobic digestion, incineration and open burning.

Activity kinds and their rows:

- ``swds``: waste deposited at a site (``source_id``) in the row's year, t; ``activity`` is the
  waste type; column ``site_type``; optional ``oxidising_cover`` (yes/no: a managed site covered
  with CH4-oxidising material, OX of Table 3.2). CH4 is emitted in every reporting year from the
  deposit year on (:mod:`ghg.sectors.waste.disposal`), category = the row's 4.A code.
- ``landfill_gas``: CH4 recovered at a site, t: a negative record ``-R × (1 - OX)`` (eq. 3.1).
- ``msw``: persons × ``msw_kg_per_capita_day`` × 365 = waste generated. ``collection_pct`` of it
  is collected and split by ``landfill_pct``, ``composting_pct``, ``incineration_pct`` (+
  ``recycling_pct`` or ``other_pct``; the group must sum to 100); ``open_burning_pct`` of the
  UNCOLLECTED waste is burnt in the open. Composition: ``<component>_pct`` columns (must sum to
  100) or the regional default of Table 2.3 (``waste_composition``, rescaled to sum to 1).
  Landfilled waste becomes deposits by component (rubber/leather, plastics, metal, glass and
  other inert go to ``plastics_other_inert``, DOC 0: Table 2.4 gives natural rubber no
  anaerobic degradation), composted waste goes to 4.B (wet basis), incinerated and open-burnt
  waste to 4.C.1 / 4.C.2.
- ``biological``: ``composting`` / ``anaerobic_digestion``, t treated; ``basis`` wet|dry; optional
  ``ch4_recovered_t``. Eq. 4.1-4.2, category 4.B.
- ``incineration`` / ``open_burning``: t wet waste burnt; ``waste_type`` (a component or
  ``msw_bulk`` = composition). Eq. 5.2 fossil CO2 (biogenic CO2 as memo); CH4 and N2O from the
  factor sets' ``ef_ch4`` / ``ef_n2o`` (kg/t wet waste); a gas the inventory decides not to
  estimate is listed in the ``not_estimated`` column (IPCC notation key NE) instead of being
  silently dropped.

Deposit history (``[waste_history]`` in inventory.toml, the rule that fills deposits before the
data start): :mod:`ghg.sectors.waste.landfill`.

Builders, one concern each: :mod:`~ghg.sectors.waste.msw` (MSW streams from population),
:mod:`~ghg.sectors.waste.landfill` (deposits, first-order decay, recovery) and
:mod:`~ghg.sectors.waste.treatment` (4.B, 4.C), on the kernels of
:mod:`~ghg.sectors.waste.disposal`, :mod:`~ghg.sectors.waste.biological` and
:mod:`~ghg.sectors.waste.burning`; :mod:`~ghg.sectors.waste.streams` carries waste between them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.sectors.method import SectorContext, SectorRows, concat_records
from ghg.sectors.waste import disposal as fod
from ghg.sectors.waste import landfill, msw, treatment
from ghg.sectors.waste.streams import activity_codes


def method(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """Records of every waste row (4.A, 4.B, 4.C); problems go to ``rows.problems``."""
    act = activity_codes(rows)
    streams = msw.msw_streams(rows, context, act == "msw_generation")
    out = [landfill.swds(rows, context, landfill.deposits(rows, act, streams)),
           treatment.biological(rows, context, act, streams)]
    burnt = treatment.burnt_stream(rows, context, act, streams)
    out.append(treatment.burning_records(rows, context, burnt))
    # the same mass for the air pollutants, by input row: not worked out a second time
    context.amounts["burnt_waste"] = _by_row(rows, burnt)
    return concat_records(out)


def deposit_series(rows: SectorRows, context: SectorContext) -> dict | None:
    """The first-order decay series of the waste rows: deposits by site and waste type over the
    years (history filled by the inventory's rule) with their factors; ``None`` if none."""
    act = activity_codes(rows)
    streams = msw.msw_streams(rows, context, act == "msw_generation")
    return landfill.fod_series(rows, context, landfill.deposits(rows, act, streams))


def burnt_waste(rows: SectorRows, context: SectorContext) -> pd.DataFrame:
    """Waste burnt (t wet, by input ``row``, year, treatment and 4.C category), as the 4.C
    records are computed from it: the same stream, for outputs that need the mass (air
    pollutants) when the run did not keep it (:attr:`SectorResult.burnt_waste`)."""
    act = activity_codes(rows)
    streams = msw.msw_streams(rows, context, act == "msw_generation")
    return _by_row(rows, treatment.burnt_stream(rows, context, act, streams))


def _by_row(rows: SectorRows, st: pd.DataFrame) -> pd.DataFrame:
    """The burnt stream summed over components: ``row`` (the input row's position), ``year``,
    ``category``, ``treatment``, ``mass``."""
    out = st.groupby(["pos", "year", "category", "treatment"], as_index=False, sort=True)[
        "mass"].sum()
    row = rows.frame["row"].to_numpy(dtype=np.int64)[out["pos"].to_numpy(dtype=np.int64)]
    return out.drop(columns="pos").assign(row=row)


def contributions(rows: SectorRows, context: SectorContext, site: str,
                  year: int) -> pd.DataFrame:
    """CH4 generated at ``site`` in ``year`` by deposit year and waste type (for explain)."""
    s = deposit_series(rows, context)
    if s is None:
        return pd.DataFrame(columns=["deposit_year", "waste_type", "ch4_t"])
    pick = np.flatnonzero(s["site"] == site)
    t = int(year) - s["y0"]
    frames = []
    for i in pick:  # a few series of one site
        part = fod.contributions(s["grid"][i], float(s["k"][i]), t, s["reaction_month"])
        ch4 = fod.ch4_generated(part, s["f"][i])
        frames.append(pd.DataFrame({"deposit_year": s["y0"] + np.arange(len(part)),
                                    "waste_type": s["waste_type"][i], "ch4_t": ch4}))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["deposit_year", "waste_type", "ch4_t"])
    return out[out["ch4_t"] > 0].reset_index(drop=True)

