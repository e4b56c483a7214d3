"""Fixed costs of a fresh process: unit registry, GWP values, category tree, a whole Ben Tre run.

Each round is a new Python process, so nothing is cached between rounds (issue #13: every command
answers in about a second). The module checks (run with ``--benchmark-disable`` too) that the
GWP values and the category tree load without pint, openscm-units or climate-categories.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Python snippets timed in a fresh process (``import ghg`` alone imports no pandas, no numpy).
SNIPPETS = {
    "import ghg.core.units": "import ghg.core.units",
    "registry()": "from ghg.core.units import registry; registry()",
    "gwp100 x 9": ("from ghg.core.units import gwp100\n"
                   "[gwp100(s, g) for s in ('AR4', 'AR5', 'AR6') for g in ('CO2', 'CH4', 'N2O')]"),
    "categories": ("from ghg.core.categories import codes, lineage, title\n"
                   "codes(); lineage('1.A.3.b.i'); title('1.A.2')"),
}
HEAVY = ("pint", "openscm_units", "climate_categories", "networkx", "black")


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                          cwd=ROOT)


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_fresh_process(benchmark, name):
    benchmark.group = "startup"
    benchmark.pedantic(_python, args=(SNIPPETS[name],), rounds=5, warmup_rounds=1, iterations=1)
    benchmark.extra_info["impl"] = name


def test_ben_tre_compute_fresh_process(benchmark, tmp_path):
    outs: list[Path] = []

    def new_output_folder():  # each round writes a folder of its own
        outs.append(tmp_path / f"out{len(outs)}")
        return (("import sys\nfrom ghg.cli import main\nsys.exit(main(['compute', "
                 f"'inventories/ben-tre', '-o', {str(outs[-1])!r}]))"),), {}

    benchmark.group = "startup"
    benchmark.pedantic(_python, setup=new_output_folder, rounds=3, warmup_rounds=0,
                       iterations=1)
    benchmark.extra_info["impl"] = "ghg compute inventories/ben-tre"
    assert all((out / "emissions.csv").exists() for out in outs)


def test_gwp_values_and_categories_import_nothing_heavy():
    code = (SNIPPETS["gwp100 x 9"] + "\n" + SNIPPETS["categories"] + "\nimport sys\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    assert _python(code).stdout.decode().strip() == "[]"
