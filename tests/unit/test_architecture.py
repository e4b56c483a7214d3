"""The package's shape: layered subpackages, imports only downward, no import cycle, and every
activity kind declared once (docs/architecture.md).

The layers are those of ``[tool.importlinter]`` in ``pyproject.toml`` (CI also runs
``lint-imports``); this test checks the same rules from the import graph, run-time imports inside
functions included, so a cycle hidden in a function body fails too.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

grimp = pytest.importorskip("grimp")

from ghg.core.kinds import ENERGY_KINDS, KINDS, SECTOR_KINDS  # noqa: E402
from ghg.core.quantities import QUANTITIES  # noqa: E402
from ghg.factors.library import activities  # noqa: E402
from ghg.sectors.run import method_module  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _layers() -> list[list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [[name.strip() for name in layer.split("|")] for layer in contract["layers"]]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("ghg", exclude_type_checking_imports=True)


def _home(module: str, layers: list[list[str]]) -> tuple[int, str] | None:
    for depth, layer in enumerate(layers):
        for package in layer:
            if module == package or module.startswith(package + "."):
                return depth, package
    return None


def test_every_module_has_a_layer(graph):
    layers = _layers()
    homeless = sorted(m for m in graph.modules if m != "ghg" and _home(m, layers) is None)
    assert homeless == []


def test_imports_only_go_down(graph):
    layers = _layers()
    wrong = []
    for importer in sorted(graph.modules):
        here = _home(importer, layers)
        if here is None:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            there = _home(imported, layers)
            if there is None:
                continue
            upward = there[0] < here[0]
            sibling = there[0] == here[0] and there[1] != here[1]
            if upward or sibling:
                wrong.append(f"{importer} imports {imported}")
    assert wrong == []


def test_no_import_cycle(graph):
    """Tarjan's strongly connected components over the module graph: none larger than one."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph.find_modules_directly_imported_by(module):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    assert cycles == []


def test_layers_name_every_subpackage():
    """A new subpackage must be placed in a layer, or the contract would not see it."""
    named = {package for layer in _layers() for package in layer}
    packages = {f"ghg.{p.stem}" for p in (ROOT / "ghg").iterdir()
                if (p / "__init__.py").exists() or (p.suffix == ".py" and p.stem != "__init__")}
    assert packages - named == set()


def test_every_activity_kind_is_declared_once_and_resolves():
    known = set(activities()["kind"])
    assert known == set(KINDS), "activities.csv kinds and ghg.core.kinds.KINDS differ"
    assert set(ENERGY_KINDS) | set(SECTOR_KINDS) == set(KINDS)
    assert set(ENERGY_KINDS) & set(SECTOR_KINDS) == set()
    for name, kind in KINDS.items():
        module = method_module(name)
        assert callable(getattr(module, "method", None)) or kind.energy, name
        assert kind.quantities and set(kind.quantities) <= {*QUANTITIES, "area", "population"}
        assert kind.wording


def test_energy_kinds_are_fuel_and_electricity():
    assert ENERGY_KINDS == ("fuel", "electricity")
    assert method_module("fuel").__name__ == "ghg.sectors.energy.method"
    assert method_module("msw").__name__ == "ghg.sectors.waste.method"
    assert method_module("wastewater_domestic").__name__ == "ghg.sectors.waste.wastewater"
