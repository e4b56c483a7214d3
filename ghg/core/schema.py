"""Names every layer shares, defined once: gases, GWP sets, the emissions table and sectors.

The emissions table (``emissions.csv``, :attr:`ghg.Result.emissions`) has the columns of
:data:`EMISSION_COLUMNS` in that order, one row per :data:`EMISSION_KEY`, with the dtypes of
:data:`EMISSION_DTYPES` (text columns categorical in memory, plain text in files). See
``docs/contracts.md`` §4.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at run time: ``ghg --help`` reads GWP_SETS without pandas
    import numpy as np
    import pandas as pd

#: CO2, CH4, N2O: the gases of combustion, AFOLU and waste; every energy factor and every
#: notation-key grid has them.
MAIN_GASES: tuple[str, ...] = ("CO2", "CH4", "N2O")
#: F-gases the IPPU methods emit (2.F.1 refrigeration and air conditioning, 2.F.3 fire
#: protection), each its own gas so that CO2e follows the chosen GWP set; a blend (R-410A,
#: R-404A) is split into these by mass.
F_GASES: tuple[str, ...] = ("HFC-32", "HFC-125", "HFC-134a", "HFC-143a", "HFC-227ea")
#: Gases the engine reports, in output order.
GASES: tuple[str, ...] = (*MAIN_GASES, *F_GASES)
#: GWP100 sets the engine offers (IPCC AR4, AR5, AR6); AR5 is the default (docs/domain.md §4).
GWP_SETS: tuple[str, ...] = ("AR4", "AR5", "AR6")
DEFAULT_GWP = "AR5"

#: Columns every activity table has (docs/contracts.md §1), and the optional ones.
ACTIVITY_REQUIRED: tuple[str, ...] = ("source_id", "year", "category", "activity", "amount", "unit")
ACTIVITY_OPTIONAL: tuple[str, ...] = ("region",)
#: Data-quality classes of an activity row (optional column ``data_quality``, docs/contracts.md
#: §1), strongest first; a row without a class is :data:`UNCLASSIFIED`, never guessed from text.
DATA_QUALITY: tuple[str, ...] = ("published", "estimate", "illustrative")
UNCLASSIFIED = "unclassified"
#: What identifies an activity row (two rows with the same key are duplicates).
ACTIVITY_KEY: tuple[str, ...] = ("source_id", "year", "category", "activity", "unit")

#: One row of the emissions table per ...
EMISSION_KEY: tuple[str, ...] = ("source_id", "year", "category", "scope", "gas")
#: Columns of the emissions table, in this order.
EMISSION_COLUMNS: tuple[str, ...] = (*EMISSION_KEY, "emissions_t", "co2e_t")
#: In-memory dtypes of the emissions table ("category" = pandas categorical of text).
EMISSION_DTYPES: dict[str, str] = {
    "source_id": "category", "year": "int32", "category": "category", "scope": "int8",
    "gas": "category", "emissions_t": "float64", "co2e_t": "float64",
}


def gas_order(gas: pd.Series) -> np.ndarray:
    """Position of each gas in :data:`GASES` (for sorting in output order)."""
    return gas.astype(str).map({g: i for i, g in enumerate(GASES)}).to_numpy()


def sector_of(category: pd.Series) -> pd.Series:
    """First level of an IPCC 2006 code, the sector: ``3.A.1`` -> ``3``.

    Examples
    --------
    >>> import pandas as pd
    >>> sector_of(pd.Series(["1.A.3.b", "3.A.1", "4"])).tolist()
    ['1', '3', '4']
    """
    return category.astype(str).str.split(".", n=1).str[0]


def check_emissions(table: pd.DataFrame) -> list[str]:
    """What in ``table`` departs from the emissions-table contract (empty if nothing).

    Examples
    --------
    >>> import pandas as pd
    >>> check_emissions(pd.DataFrame({"source_id": ["F1"]}))[0][:29]
    "columns ['source_id'] are not"
    """
    if list(table.columns) != list(EMISSION_COLUMNS):
        return [f"columns {list(table.columns)} are not {list(EMISSION_COLUMNS)}"]
    wrong = [f"{column}: {table[column].dtype} is not {dtype}"
             for column, dtype in EMISSION_DTYPES.items() if str(table[column].dtype) != dtype]
    if not table["gas"].astype(str).isin(GASES).all():
        wrong.append(f"gas: values outside {GASES}")
    if table.duplicated(list(EMISSION_KEY)).any():
        wrong.append(f"duplicate rows for the key {EMISSION_KEY}")
    return wrong
