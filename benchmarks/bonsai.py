"""bonsai-ipcc's cost per case, for the per-case comparison of issue #13 (no live install).

bonsai-ipcc (https://pypi.org/project/bonsai-ipcc/, JOSS doi:10.21105/joss.06123) computes one
case per call of an ``elementary`` equation or a ``sequence``. Its cost per call, 1.2-24 ms per
case (import 13-17 s), is the figure given in issue #13 by the session that filed it; a search of
the code, docs and issues corpora for a timing published by bonsai-ipcc itself found none, so the
figure is that measurement, not the project's own. ghg's figure is rows per second of a vectorised
method; bonsai's is cases per second (1000 / ms).
"""

from __future__ import annotations

#: Fastest and slowest cost of one bonsai-ipcc case, in milliseconds (issue #13).
MS_PER_CASE = (1.2, 24.0)
#: Target of issue #13: ghg's throughput at least this many times bonsai-ipcc's.
TARGET_TIMES = 10_000


def against_bonsai(cases_per_s: float) -> dict[str, float | bool]:
    """``extra_info`` entries comparing ``cases_per_s`` with bonsai-ipcc's per-case cost."""
    fast, slow = (1000.0 / ms for ms in MS_PER_CASE)
    return {"bonsai_cases_per_s_fastest": fast, "bonsai_cases_per_s_slowest": slow,
            "times_bonsai_fastest": cases_per_s / fast, "times_bonsai_slowest": cases_per_s / slow,
            "meets_10000x_fastest": cases_per_s / fast >= TARGET_TIMES}
