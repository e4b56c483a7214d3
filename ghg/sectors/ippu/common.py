"""What the IPPU methods share: which categories an activity may be reported under."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ghg.core.i18n import _
from ghg.sectors.method import SectorRows


def category_fits(rows: SectorRows, roots: Mapping[str, tuple[str, ...]]) -> np.ndarray:
    """Rows whose category is one of their activity's ``roots`` or below one; others reported.

    ``roots`` maps an activity key to its IPCC codes (``clinker`` -> ``2.A.1``).
    """
    activity = rows.text("activity")
    category = rows.frame["category"].astype(str).to_numpy(dtype=str)
    fits = np.zeros(len(category), dtype=bool)
    for key, codes in roots.items():  # a handful of activity keys, not data rows
        mine = activity == key
        fitting = np.zeros(len(category), dtype=bool)
        for code in codes:
            fitting |= (category == code) | np.char.startswith(category, code + ".")
        rows.report(mine & ~fitting, "category", _("is not a category for {key}; expected "
                                                   "{value} or a sub-category of it").format(
                                                       key=key, value=' or '.join(codes)))
        fits |= mine & fitting
    return fits


def fraction_ok(values: np.ndarray) -> np.ndarray:
    """Rows whose fraction is a number from 0 to 1 (others were reported by ``rows.number``)."""
    with np.errstate(invalid="ignore"):
        return (values >= 0.0) & (values <= 1.0)
