"""The facility register (``facilities.csv``) of an inventory folder, read and checked.

Columns: ``facility_id``, ``name``, ``facility_type``, ``on_current_list`` (yes/no) and, optional,
``waste_capacity_t_per_yr``, ``line_ministry``, ``district``, ``commune``, ``address``,
``tax_code``. Every problem is reported at once in the ``FILE:LINE: COLUMN: 'VALUE' ...`` form.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ghg.core.errors import InputError, Problem
from ghg.core.i18n import _
from ghg.core.text_tables import read_text_table
from ghg.inputs.aliases import canonical_headers, canonical_values

REQUIRED = ("facility_id", "name", "facility_type", "on_current_list")
OPTIONAL = ("waste_capacity_t_per_yr", "line_ministry", "district", "commune", "address",
            "tax_code")
#: Facility types of Decree 06/2022 Art. 6, ``other`` (listed on emissions alone), and the farm
#: types of the 2024 draft livestock rules (used only when those rules are enabled).
FACILITY_TYPES = ("thermal_power", "industrial", "freight_transport", "commercial_building",
                  "solid_waste_treatment", "other", "cattle_farm", "swine_farm")
YES_NO = {"yes": True, "no": False}


def read_register(path: Path, label: str) -> pd.DataFrame:
    """Read ``facilities.csv``; returns one row per facility with ``line`` numbers.

    ``on_current_list`` becomes a bool and ``waste_capacity_t_per_yr`` a float (NaN if not
    given).
    """
    table, unreadable = read_text_table(Path(path), label, _(
        "a header line {columns} and one row per facility").format(columns=",".join(REQUIRED)))
    if table is None:
        raise InputError(unreadable)
    table = table.drop(columns="line")
    table.columns = canonical_headers(list(table.columns), "facilities", label)  # vi or en
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise InputError([Problem(label, 1, "header", None,
                                  _("column {name} is missing; expected columns {required} "
                                    "(optional: {optional})").format(
                                      name=repr(c), required=", ".join(REQUIRED),
                                      optional=", ".join(OPTIONAL)))
                          for c in missing])
    for column in OPTIONAL:
        if column not in table.columns:
            table[column] = ""
    table = table[list(REQUIRED + OPTIONAL)].apply(lambda column: column.str.strip())
    for column in ("facility_type", "on_current_list"):  # công nghiệp, có, không ...
        table[column] = canonical_values(table[column], "facilities", column)
    table["line"] = np.arange(2, len(table) + 2)
    problems = _check(table, label)
    if problems:
        raise InputError(problems)
    table["on_current_list"] = table["on_current_list"].str.lower().map(YES_NO).astype(bool)
    table["waste_capacity_t_per_yr"] = pd.to_numeric(
        table["waste_capacity_t_per_yr"].mask(table["waste_capacity_t_per_yr"].eq("")))
    return table.reset_index(drop=True)


def _check(table: pd.DataFrame, label: str) -> list[Problem]:
    problems: list[Problem] = []

    def report(mask: pd.Series, column: str, message: str) -> None:
        if not mask.any():  # the usual case: no selection of the table at all
            return
        for line, value in zip(table.loc[mask, "line"], table.loc[mask, column], strict=True):
            problems.append(Problem(label, int(line), column, value, message))

    report(table["facility_id"].eq(""), "facility_id", _("is empty; expected a facility code"))
    repeated = table["facility_id"].duplicated(keep="first") & table["facility_id"].ne("")
    if repeated.any():
        first_line = table.groupby("facility_id")["line"].transform("min")
        for line, value, first in zip(table.loc[repeated, "line"],
                                      table.loc[repeated, "facility_id"], first_line[repeated],
                                      strict=True):
            problems.append(Problem(label, int(line), "facility_id", value,
                                    _("duplicates line {first}; expected each facility "
                                      "once").format(first=first)))
    report(~table["facility_type"].isin(FACILITY_TYPES), "facility_type",
           _("is not a facility type; expected one of {types}").format(
               types=", ".join(FACILITY_TYPES)))
    report(~table["on_current_list"].str.lower().isin(list(YES_NO)), "on_current_list",
           _("is not yes or no; expected yes (on the current list) or no"))
    capacity = pd.to_numeric(table["waste_capacity_t_per_yr"], errors="coerce")
    given = table["waste_capacity_t_per_yr"].ne("")
    report(given & capacity.isna(), "waste_capacity_t_per_yr",
           _("is not a number; expected tonnes per year with a decimal point, e.g. 65000"))
    report(given & (capacity < 0), "waste_capacity_t_per_yr",
           _("is negative; expected a capacity >= 0 t/yr"))
    report(given & np.isinf(capacity), "waste_capacity_t_per_yr",
           _("is not a finite number; expected tonnes per year, e.g. 65000"))
    return problems


def unregistered_sources(frame: pd.DataFrame, register: pd.DataFrame | None,
                         aggregate_sources: list[str]) -> list[Problem]:
    """A problem for each activity row whose source is neither a facility of the register nor
    an aggregate source of inventory.toml: such rows are reported, never dropped or guessed."""
    known = set(aggregate_sources) | (set() if register is None else
                                      set(register["facility_id"].astype(str)))
    unknown = ~frame["source_id"].astype(str).isin(known).to_numpy()
    if not unknown.any():
        return []
    rows = frame.loc[unknown]
    message = _("is not in facilities.csv; expected a registered facility_id (or list aggregate "
                "sources in inventory.toml aggregate_sources)")
    return [Problem(str(f), int(n), "source_id", str(s), message)
            for f, n, s in zip(rows["file"], rows["line"], rows["source_id"], strict=True)]
