"""Provenance: what produced a result, recorded with it so it can be explained and reproduced.

No timestamps: the same inputs give the same provenance, byte for byte.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ghg.core.schema import ACTIVITY_KEY, GASES, MAIN_GASES
from ghg.core.units import gwp100, gwp_context
from ghg.engine.accounting import accounted_elsewhere, energy_rows_without_records

if TYPE_CHECKING:
    from ghg.factors.library import FactorLibrary
    from ghg.inputs.folder import Inputs
    from ghg.sectors.energy.method import Calculation
    from ghg.sectors.run import SectorResult


def package_version() -> str:
    """Installed version of ``ghg`` (from package metadata)."""
    try:
        return metadata.version("ghg")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def build_provenance(inputs: Inputs, library: FactorLibrary, gwp: str, calculation: Calculation,
                     emissions: pd.DataFrame, options: dict,
                     sectors: SectorResult | None = None) -> dict:
    """Everything a reader needs to trust and reproduce a result."""
    frame = inputs.frame
    empty = np.zeros(0, dtype=np.int64)
    sector_rows = sectors.rows_without_records(frame) if sectors is not None else empty
    elsewhere = sector_rows[accounted_elsewhere(frame, sectors.records, sector_rows)] \
        if sectors is not None else empty
    no_record = np.union1d(sector_rows, energy_rows_without_records(frame, calculation.emissions))
    silent = np.setdiff1d(no_record, elsewhere)  # e.g. every gas declared not estimated
    factors = calculation.factors
    flagged = factors[factors["flag"].ne("")]
    rows_per_key = np.bincount(calculation.key, minlength=len(factors))
    fallbacks = [
        {"activity": a, "category": c, "year": int(y), "source_id": s, "rows": int(n), "flag": f}
        for a, c, y, s, n, f in zip(flagged["activity"], flagged["category"], flagged["year"],
                                    flagged["source_id"], rows_per_key[flagged["key"]],
                                    flagged["flag"], strict=True)
    ]
    return {
        "ghg_version": package_version(),
        "inventory": inputs.config.name if inputs.config else None,
        "gwp": {"set": gwp, "context": gwp_context(gwp),
                "values": {gas: gwp100(gwp, gas) for gas in _reported(emissions)}},
        "factor_sets": factor_set_records(library),
        "source": str(inputs.source) if inputs.source else None,
        "inputs": dict(sorted(inputs.files.items())),
        "options": options,
        # read = computed + accounted_elsewhere + without_emissions + rejected (engine.accounting)
        "rows": {"read": len(frame), "computed": len(frame) - len(no_record),
                 "accounted_elsewhere": len(elsewhere), "rejected": 0,
                 "without_emissions": len(silent),
                 "duplicates_summed": _duplicates(frame) if options.get("sum_duplicates") else 0},
        # rows with no record anywhere (every gas declared not estimated): listed, so that no
        # row disappears without a trace; deposits feeding first-order decay are not among them
        "rows_without_emissions": [f"{f}:{n}" for f, n in zip(
            frame["file"].iloc[silent].astype(str).to_numpy(), frame["line"].to_numpy()[silent],
            strict=True)],
        "fallbacks": fallbacks,
        "not_estimated": _not_estimated(factors, rows_per_key),
        "factors_used": _factors_used(library, factors),
        "parameters_used": _parameters_used(sectors),
        "method_notes": list(sectors.notes) if sectors is not None else [],
        "totals": totals_by_scope(emissions),
    }


def factor_set_records(library: FactorLibrary) -> list[dict]:
    """Name, title, content hash and location of each set, in precedence order."""
    return [{"name": s.name, "title": s.title, "sha256": s.sha256, "path": _set_path(s.path)}
            for s in library.sets]


def _set_path(path: Path) -> str:
    """``builtin:<name>`` for sets shipped with ghg, else the folder's absolute path."""
    from ghg.factors.library import builtin_data

    resolved = Path(path).resolve()
    if resolved.parent == builtin_data().resolve():
        return f"builtin:{resolved.name}"
    return str(resolved)


def totals_by_scope(emissions: pd.DataFrame) -> dict[str, float]:
    by_scope = np.bincount(emissions["scope"].to_numpy(), minlength=3,
                           weights=emissions["co2e_t"].to_numpy())
    return {"co2e_t_scope1": float(by_scope[1]), "co2e_t_scope2": float(by_scope[2])}


def _duplicates(frame: pd.DataFrame) -> int:
    keys = pd.MultiIndex.from_arrays([frame[c] for c in ACTIVITY_KEY])
    return int(keys.duplicated().sum())


def _factors_used(library: FactorLibrary, factors: pd.DataFrame) -> list[dict]:
    used = np.unique(np.concatenate([factors[c].to_numpy() for c in factors
                                     if c.endswith("_factor_row")]))
    table = library.table.iloc[used[used >= 0]]
    columns = ["factor_set", "file", "line", "activity", "category", "parameter", "gas", "value",
               "unit", "year_from", "year_to", "document", "table", "page"]
    # column by column, as plain Python values (None where missing): a few dozen rows
    values = [[_plain(v) for v in _cells(table[c])] for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _cells(column: pd.Series) -> np.ndarray:
    cells = column.to_numpy(dtype=object, copy=True)
    cells[column.isna().to_numpy()] = None
    return cells


def _plain(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    return float(value) if isinstance(value, np.floating) else value


def _parameters_used(sectors: SectorResult | None) -> list[dict]:
    """Every sector parameter row a method looked up, with its set, file, line and source."""
    if sectors is None or not sectors.parameters.used:
        return []
    rows = sectors.parameters.rows
    at = np.array(sorted(sectors.parameters.used), dtype=np.int64)
    keys = [c for c in rows.columns if c.startswith("dim_")]

    def cells(name: str) -> list:
        return rows[name].to_numpy(dtype=object)[at].tolist()

    dims = [(k[4:], cells(k)) for k in keys]
    out = []
    for i, (factor_set, file, line, parameter, value, unit, document, table, page) in \
            enumerate(zip(*(cells(c) for c in ("factor_set", "file", "line", "parameter",
                                                "value", "unit", "document", "table", "page")),
                          strict=True)):  # one entry per parameter row used: a few dozen
        out.append({"factor_set": factor_set, "file": file, "line": int(line),
                    "parameter": parameter,
                    "key": {d: words[i] for d, words in dims if isinstance(words[i], str)},
                    "value": float(value), "unit": unit, "document": document, "table": table,
                    "page": page})
    return out


def _not_estimated(factors: pd.DataFrame, rows_per_key: np.ndarray) -> list[dict]:
    """Energy keys whose rows declare gases not estimated (notation key NE), with row counts."""
    if "not_estimated" not in factors:
        return []
    declared = factors[factors["not_estimated"].astype(str).ne("")]
    grouped = declared.assign(rows=rows_per_key[declared["key"].to_numpy()]).groupby(
        ["activity", "category", "not_estimated"], sort=True)
    return [{"activity": a, "category": c, "gases": g, "years": sorted(int(y) for y in
             part["year"].unique()), "rows": int(part["rows"].sum())}
            for (a, c, g), part in grouped]  # one entry per declaration: a handful


def _reported(emissions: pd.DataFrame) -> list[str]:
    """CO2, CH4 and N2O always, then the F-gases the run emits (their GWPs explain its CO2e)."""
    present = _present_values(emissions["gas"], among=set(GASES) - set(MAIN_GASES)) \
        if len(emissions) else set()
    return [gas for gas in GASES if gas in MAIN_GASES or gas in present]


def _present_values(column: pd.Series, among: set[str]) -> set[str]:
    """Which of the values ``among`` a column holds: from the codes of a categorical (no string
    per row; a 10^7-row table has 1.9x10^7 gas cells), else from the values."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return set(column.astype(str)) & among
    names = column.cat.categories
    codes = column.cat.codes.to_numpy()
    low, high = int(codes.min()), int(codes.max())  # energy rows only: no F-gas code in range
    wanted = [k for k in range(max(low, 0), high + 1) if str(names[k]) in among]
    if len(wanted) > 16:
        seen = np.zeros(len(names), dtype=bool)
        seen[codes[codes >= 0]] = True
        return {str(names[k]) for k in wanted if seen[k]}
    return {str(names[k]) for k in wanted if (codes == k).any()}
