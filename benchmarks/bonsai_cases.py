"""Measure bonsai-ipcc's import time and cost per case (issue #13). Standalone; not a test.

Measured with bonsai-ipcc 0.5.3 (PyPI; pandas 2.3.3, numpy 1.26.4, Python 3.11). Install it in a
separate venv, never in the project's::

    python3 -m venv /tmp/bonsai-venv && /tmp/bonsai-venv/bin/pip install bonsai-ipcc==0.5.3
    /tmp/bonsai-venv/bin/python benchmarks/bonsai_cases.py

A "case" is one call of a bonsai ``sequence`` (uncertainty="def": deterministic, bonsai's
default; "monte_carlo" and "analytical" are opt-in), after one warm-up call:

* enteric: ``IPCC().agriculture.livestock_manure.sequence.tier1_ch4_enteric(year=2010,
  region="DE", product="cattle-dairy", uncertainty="def")`` (eq. 10.19: N x EF / 10^6 Gg). The
  shipped ``par_n`` table is a dummy row, so N = 4e6 head is supplied; EF 126 kg/head/yr comes
  from the shipped table via its concordances (2010 -> 2019, DE -> Western Europe).
* FOD: ``IPCC().waste.swd.sequence.tier1_ch4(year=2023, region="BG", product="msw_food",
  wastemoisture="wet", past_years=P, activity="uncharacterised", uncertainty="def")``, one landfill
  series of P + 1 years of deposits (eqs. 3.4-3.6). The shipped ``par_urb_population`` is a dummy
  row, so 5e6 inhabitants a year is supplied. P = 17 (2006-2023) uses the shipped waste tables,
  which hold 2006 only; P = 79 (80 years, as benchmarks/test_bench_fod.py) needs BG's 2006 rows
  copied to 1944-2005.
* elementary: ``livestock_manure.elementary.e(ef, n)``, the bare equation, for scale.

bonsai picks among concordance matches in set order, so its shipped-data FOD result depends on
the string hash seed (9.87, 15.29 or 26.01 Gg); the script re-runs itself with PYTHONHASHSEED=0.
bonsai logs each step at INFO; logging is switched off after import (no measurable difference),
as are pandas' FutureWarnings from its concordance lookups.
"""

import logging
import os
import statistics
import sys
import time
import warnings


def ms_per_call(fn, max_calls=200, budget_s=10.0):
    fn()  # warm-up
    times = []
    start = time.perf_counter()
    while len(times) < max_calls and (len(times) < 5 or time.perf_counter() - start < budget_s):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return min(times), statistics.median(times), len(times)


def show(label, fn, **kw):
    lo, med, n = ms_per_call(fn, **kw)
    print(f"{label:<38} min {lo:10.4f} ms  median {med:10.4f} ms  ({n} calls)")


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    t0 = time.perf_counter()
    import bonsai_ipcc

    import_s = time.perf_counter() - t0
    import pandas as pd  # a bonsai dependency

    t0 = time.perf_counter()
    ipcc = bonsai_ipcc.IPCC()
    ipcc_s = time.perf_counter() - t0
    logging.disable(logging.INFO)
    warnings.simplefilter("ignore", FutureWarning)  # pandas, on bonsai's concordance lookups
    lm, swd = ipcc.agriculture.livestock_manure, ipcc.waste.swd

    def table(index, **columns):  # a bonsai parameter table, property "def"
        n = len(columns["value"])
        return pd.DataFrame({"property": ["def"] * n, **columns}).set_index([*index, "property"])

    lm.parameter.n = table(["year", "region", "product"], year=[2010], region=["DE"],
                           product=["cattle-dairy"], value=[4e6], unit=["piece"])
    years = list(range(1944, 2024))
    swd.parameter.urb_population = table(
        ["year", "region"], year=years, region=["BG"] * len(years),
        value=[5e6] * len(years), unit=["cap/yr"] * len(years))

    def enteric():
        return lm.sequence.tier1_ch4_enteric(
            year=2010, region="DE", product="cattle-dairy", uncertainty="def")

    def fod(past_years):
        return swd.sequence.tier1_ch4(
            year=2023, region="BG", product="msw_food", wastemoisture="wet",
            past_years=past_years, activity="uncharacterised", uncertainty="def")

    print(f"bonsai-ipcc {bonsai_ipcc.__version__}: import {import_s:.1f} s, IPCC() {ipcc_s:.2f} s")
    print(f"enteric e = {enteric().e.value} Gg (hand: 4e6 x 126 / 1e6 = 504.0)")
    show("enteric tier1_ch4_enteric", enteric)
    show("enteric elementary.e", lambda: lm.elementary.e(ef=126.0, n=4e6), max_calls=100_000,
         budget_s=2.0)
    print(f"FOD 18 y ch4_emissions = {fod(17).ch4_emissions.value:.4f} Gg")
    show("FOD tier1_ch4, 18 years (2006-2023)", lambda: fod(17), max_calls=50)
    # the shipped waste tables hold 2006 only: copy BG's 2006 rows to 1944-2005
    for name in ["msw_gen_rate", "msw_frac_to_swds", "msw_type_frac", "swdstype_frac"]:
        df = getattr(swd.parameter, name)
        rows = df.xs((2006, "BG"), level=("year", "region"), drop_level=False).reset_index()
        extra = [rows.assign(year=y) for y in range(1944, 2006)]
        setattr(swd.parameter, name,
                pd.concat([df.reset_index(), *extra]).set_index(df.index.names))
    print(f"FOD 80 y ch4_emissions = {fod(79).ch4_emissions.value:.4f} Gg")
    show("FOD tier1_ch4, 80 years (1944-2023)", lambda: fod(79), max_calls=50)


if __name__ == "__main__":
    main()
