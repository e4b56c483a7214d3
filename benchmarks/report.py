"""Print the engine-vs-baseline table from a pytest-benchmark JSON file.

Usage::

    python benchmarks/report.py /tmp/bench.json [--stat median|min|mean]

Rows/s are ``rows / time`` with the chosen statistic of the rounds (default: median); ratio is
engine rows/s over baseline rows/s. Targets: engine >= 5e6 rows/s (one core), ratio >= 3,
``ghg --help`` < 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

TARGET_ROWS_PER_S = 5e6
TARGET_RATIO = 3.0
TARGET_HELP_S = 0.5


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def compute_table(data: dict, stat: str = "median") -> list[dict]:
    """One dict per size: size, engine and baseline rows/s, ratio."""
    by_size: dict[int, dict] = {}
    for bench in data["benchmarks"]:
        info = bench.get("extra_info", {})
        # only the compute benchmarks: others (Monte Carlo ...) use "impl" without "rows"
        if info.get("impl") not in ("engine", "baseline") or "rows" not in info:
            continue
        rows = int(info["rows"])
        by_size.setdefault(rows, {"size": rows})[info["impl"]] = rows / bench["stats"][stat]
    table = []
    for rows in sorted(by_size):
        entry = by_size[rows]
        engine, base = entry.get("engine"), entry.get("baseline")
        entry["ratio"] = engine / base if engine and base else None
        table.append(entry)
    return table


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def render(data: dict, stat: str = "median") -> str:
    lines = [f"{'size':>10}  {'engine rows/s':>14}  {'baseline rows/s':>15}  {'ratio':>6}",
             f"{'-' * 10}  {'-' * 14}  {'-' * 15}  {'-' * 6}"]
    table = compute_table(data, stat)
    for entry in table:
        lines.append(f"{entry['size']:>10.0e}  {_fmt(entry.get('engine'), '14,.0f')}  "
                     f"{_fmt(entry.get('baseline'), '15,.0f')}  {_fmt(entry['ratio'], '6.2f')}")
    lines.append("")
    lines.append(f"time statistic: {stat} of the rounds; machine: "
                 f"{data.get('machine_info', {}).get('cpu', {}).get('brand_raw', '?')}, "
                 f"CPU affinity {data.get('machine_info', {}).get('cpu_affinity', '?')}")
    for entry in table:
        engine, ratio = entry.get("engine"), entry["ratio"]
        if engine is not None:
            ok = engine >= TARGET_ROWS_PER_S and (ratio is None or ratio >= TARGET_RATIO)
            lines.append(f"target {entry['size']:.0e}: engine >= {TARGET_ROWS_PER_S:.0e} rows/s "
                         f"and >= {TARGET_RATIO:g}x baseline: {'met' if ok else 'MISSED'}")
    for bench in data["benchmarks"]:
        info = bench.get("extra_info", {})
        seconds = bench["stats"][stat]
        if info.get("impl") == "ghg --help":
            verdict = "met" if seconds < TARGET_HELP_S else "MISSED"
            lines.append(f"ghg --help: {seconds:.3f} s (target < {TARGET_HELP_S} s: {verdict})")
        elif info.get("impl") == "read_inputs":
            lines.append(f"read_inputs(CSV, {info['rows']:.0e} rows, {info.get('file_mib')} MiB):"
                         f" {seconds:.2f} s = {info['rows'] / seconds:,.0f} rows/s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", type=Path, help="file written by pytest --benchmark-json")
    parser.add_argument("--stat", choices=("median", "min", "mean"), default="median")
    args = parser.parse_args(argv)
    print(render(load(args.json), args.stat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
