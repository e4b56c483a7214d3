"""The listing criteria of the facility-list review, as data with their legal sources.

The default table is Decree 06/2022/NĐ-CP Art. 6 (``ghg/data/review/``); a newer decree is a
new criteria table, not a code change. Every rule names the legal text it comes from.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from ghg.core.errors import ConfigError
from ghg.factors.reference import fingerprint

#: Share below a threshold that puts a facility on the watch list ("within 10% below a
#: threshold").
WATCH_BAND = 0.10
PERIOD_RULES = ("any_year", "latest_year", "mean")
METRICS = ("emissions_co2e_t", "energy_toe", "waste_capacity_t_per_yr", "cattle_head",
           "swine_head")
CRITERION_NAMES = {"emissions_co2e_t": "emissions", "energy_toe": "energy",
                   "waste_capacity_t_per_yr": "waste_capacity", "cattle_head": "livestock",
                   "swine_head": "livestock"}


def review_data() -> Path:
    """Folder of the criteria tables shipped with the package."""
    return Path(str(resources.files("ghg").joinpath("data", "review")))


def load_criteria(path: Path | None = None) -> pd.DataFrame:
    """The listing criteria table; ``path`` defaults to Decree 06/2022's."""
    path = Path(path) if path else review_data() / "criteria_decree06_2022.csv"
    return _load_criteria(path, fingerprint(path)).copy()


@cache
def _load_criteria(path: Path, fingerprint: tuple[int, int]) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = []
    for line, row in zip(range(2, len(table) + 2), table.itertuples(index=False), strict=True):
        if row.metric not in METRICS:
            problems.append(f"{path.name}:{line}: metric: {row.metric!r} is not known; expected "
                            f"one of {', '.join(METRICS)}")
        if row.period_rule not in PERIOD_RULES:
            problems.append(f"{path.name}:{line}: period_rule: {row.period_rule!r} is not known; "
                            f"expected one of {', '.join(PERIOD_RULES)}")
        if row.comparison != ">=":
            problems.append(f"{path.name}:{line}: comparison: {row.comparison!r} is not "
                            "supported; expected >=")
        if not row.legal_source:
            problems.append(f"{path.name}:{line}: legal_source: '' is empty; expected the legal "
                            "text the rule comes from")
    if problems:
        raise ConfigError("\n".join(problems))
    table["threshold"] = pd.to_numeric(table["threshold"])
    table["enabled"] = table["enabled"].str.lower().eq("true")
    return table
