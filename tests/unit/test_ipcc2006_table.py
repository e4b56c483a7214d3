"""The shipped IPCC 2006 table is climate-categories' tree: codes, titles, parents, citation."""

from __future__ import annotations

import importlib.util
import re
from importlib import resources
from pathlib import Path

import pytest

from ghg.core.categories import TABLE, citation, codes, ipcc2006, lineage, title

climate_categories = pytest.importorskip("climate_categories")
TREE = climate_categories.IPCC2006
ROOT = Path(__file__).resolve().parents[2]


def test_table_is_what_the_generator_writes_from_the_installed_climate_categories():
    spec = importlib.util.spec_from_file_location(
        "_make_table", ROOT / "tests" / "tools" / "make_ipcc2006_categories.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    shipped = resources.files("ghg.core").joinpath(TABLE).read_text(encoding="utf-8")

    def content(text: str) -> str:  # the generator's version stamp is not the table
        return re.sub(r"climate-categories [0-9][^;]*;", "climate-categories X;", text)

    assert content(shipped) == content(generator.table_text()), \
        "rerun tests/tools/make_ipcc2006_categories.py"


def test_codes_titles_and_parents_are_the_tree():
    assert codes() == tuple(TREE.keys())
    assert len(codes()) == 290
    for code, category in ipcc2006().items():
        node = TREE[code]
        assert category.title == node.title
        assert (category.code, *category.alternative_codes) == node.codes
        assert category.parent == next((p.codes[0] for p in node.parents), None)


def test_lineage_and_titles_follow_the_tree_for_every_code_and_spelling():
    for code in TREE.all_keys():
        chain = [code]
        parents = TREE[code].parents
        while parents:
            parent = sorted(p.codes[0] for p in parents)[0]
            chain.append(parent)
            parents = TREE[parent].parents
        assert lineage(code) == tuple(chain)
        assert title(code) == TREE[code].title


def test_citation_is_climate_categories_metadata():
    text = citation()
    assert TREE.references in text
    assert TREE.title in text and TREE.institution in text and str(TREE.last_update) in text


def test_unknown_codes_raise_key_error_as_before():
    with pytest.raises(KeyError):
        title("1.A.9")
    with pytest.raises(KeyError):
        lineage("1.A.9")
