"""The carbon-credit potential sheet: the removals of :func:`ghg.province.credits.credit_potential`
with their 90% interval and conservative estimate, and the basis in words."""

from __future__ import annotations

import pandas as pd

from ghg.core.xlsx import TONNES, Section
from ghg.province.credits import credit_potential
from ghg.province.inventory import Provincial
from ghg.report.tables import PCT, _section, _titled
from ghg.report.terms import Terms

#: The basis lines shown under the table, in order (keys of the terms table).
BASIS = ("credits.basis.source", "credits.basis.uncertainty", "credits.basis.conservative",
         "credits.basis.not_assessed", "credits.basis.price")


def credit_sections(provincial: Provincial, terms: Terms) -> list[Section]:
    """The sheet's sections: one row per removal source and year, then the basis."""
    table = credit_potential(provincial.territorial, provincial.uncertainty_inputs)
    shown = _titled(table, terms).assign(distribution=lambda t: terms.values(t["distribution"]))
    formats = {"removal_t": TONNES, "u_combined_pct": PCT, "conservative_t": TONNES,
               "upper90_t": TONNES}
    basis = pd.DataFrame({"note": [terms(key) for key in BASIS]})
    return [_section(terms("section.credits"), shown, formats, terms),
            _section(terms("section.credits_basis"), basis, {}, terms)]
