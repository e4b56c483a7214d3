"""Parameter lookups of the livestock methods, once per distinct key combination."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.factors.parameters import Lookup, Parameters


def lookup(parameters: Parameters, table: str, name: str, keys: dict, unit: str) -> Lookup:
    """``parameters.lookup`` on the distinct key combinations only, spread back to every row;
    nothing found when no factor set has ``table`` at all."""
    n = max((len(v) for v in keys.values() if not isinstance(v, str)), default=1)
    if table not in parameters.dimensions:
        return Lookup(np.full(n, np.nan), np.full(n, -1, dtype=np.int64))
    # The lookup itself works on the distinct key combinations only.
    return parameters.lookup(table, name, {d: v if isinstance(v, str | pd.Categorical)
                                           else np.asarray(v) for d, v in keys.items()},
                             unit=unit)
