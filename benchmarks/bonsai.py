"""bonsai-ipcc's cost per case, for the per-case comparison of issue #13.

bonsai-ipcc (https://pypi.org/project/bonsai-ipcc/, JOSS doi:10.21105/joss.06123) computes one
case per call of an ``elementary`` equation or a ``sequence``. Two figures:

- issue #13's 1.2-24 ms per case (import 13-17 s), measured by the session that filed it, how
  and on which cases not recorded;
- bonsai-ipcc 0.5.3 measured on this machine by ``benchmarks/bonsai_cases.py`` (a separate venv;
  min over 3 fresh runs of the per-call minimum, load average 1.5-2.1, 2026-12-04): import
  19.8 s and ``IPCC()`` 1.9 s; Tier 1 enteric CH4 (``tier1_ch4_enteric``, one animal type,
  region and year) 11.03 ms; solid-waste FOD CH4 (``swd.sequence.tier1_ch4``, one landfill series)
  216.5 ms for 18 years and 455.4 ms for 80 years, the series length of ``test_bench_fod.py``.

ghg's figure is rows (or series) per second of a vectorised method; bonsai's is cases per second
(1000 / ms).
"""

from __future__ import annotations

#: Fastest and slowest cost of one bonsai-ipcc case in issue #13, in milliseconds.
ISSUE_MS_PER_CASE = (1.2, 24.0)
#: bonsai-ipcc 0.5.3 on this machine (benchmarks/bonsai_cases.py), milliseconds per case.
MEASURED_MS_PER_CASE = {"enteric": 11.03, "fod_18_years": 216.5, "fod_80_years": 455.4}
#: Target of issue #13: ghg's throughput at least this many times bonsai-ipcc's.
TARGET_TIMES = 10_000


def against_bonsai(cases_per_s: float, case: str) -> dict[str, float | bool]:
    """``extra_info`` entries comparing ``cases_per_s`` with bonsai-ipcc's cost of ``case``
    (a key of :data:`MEASURED_MS_PER_CASE`) and with issue #13's range."""
    fast, slow = (1000.0 / ms for ms in ISSUE_MS_PER_CASE)
    measured = 1000.0 / MEASURED_MS_PER_CASE[case]
    return {"bonsai_case": case, "bonsai_cases_per_s_measured": measured,
            "times_bonsai_measured": cases_per_s / measured,
            "meets_10000x_measured": cases_per_s / measured >= TARGET_TIMES,
            "bonsai_cases_per_s_issue_fastest": fast, "bonsai_cases_per_s_issue_slowest": slow,
            "times_bonsai_issue_fastest": cases_per_s / fast,
            "times_bonsai_issue_slowest": cases_per_s / slow}
