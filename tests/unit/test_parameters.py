"""Sector parameter tables: loading, precedence, wildcards, units, and every shipped table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ghg.core.errors import ConfigError
from ghg.factors.library import builtin_data
from ghg.factors.parameters import load_parameters

HEADER = "parameter,activity,ipcc_region,value,unit,lower,upper,document,table,page,note\n"
META = 'title = "t"\ndocument = "d"\ndimensions = ["activity", "ipcc_region"]\nchecked = "test"\n'


def make_set(root: Path, name: str, rows: str) -> tuple[str, Path]:
    folder = root / name / "parameters"
    folder.mkdir(parents=True)
    (folder / "enteric.csv").write_text(HEADER + rows, encoding="utf-8")
    (folder / "enteric.toml").write_text(META, encoding="utf-8")
    return name, root / name


def test_first_set_wins_then_most_specific_row(tmp_path):
    first = make_set(tmp_path, "a", "ef,other_cattle,asia,47,kg CH4/head/yr,,,D,T10.11,10.28,\n")
    second = make_set(tmp_path, "b", "ef,other_cattle,*,99,kg CH4/head/yr,,,D,T,1,\n"
                                     "ef,swine,*,1,kg CH4/head/yr,,,D,T10.10,10.28,\n"
                                     "ef,swine,asia,1.5,kg CH4/head/yr,,,D,T10.10,10.28,\n")
    parameters = load_parameters([first, second])
    found = parameters.lookup("enteric", "ef", {
        "activity": np.array(["other_cattle", "other_cattle", "swine", "swine", "goats"]),
        "ipcc_region": np.array(["asia", "africa", "asia", "africa", "asia"])}, "kg CH4/head/yr")
    # set a has only Asian cattle; set b's wildcard row serves Africa; swine: exact row beats '*'
    np.testing.assert_array_equal(found.value, [47, 99, 1.5, 1, np.nan])
    assert found.missing.tolist() == [False, False, False, False, True]
    assert parameters.describe(found.ref).tolist()[0] == "a T10.11 p.10.28"
    assert parameters.describe(found.ref).tolist()[4] == ""


def test_a_lookup_limited_to_some_sets_skips_the_others(tmp_path):
    # the Tier 1 check beside an inventory's own value: the same key, IPCC sets only
    first = make_set(tmp_path, "local", "ef,other_cattle,*,40,kg CH4/head/yr,,,D,own,1,\n")
    second = make_set(tmp_path, "ipcc", "ef,other_cattle,asia,47,kg CH4/head/yr,,,D,T10.11,2,\n")
    parameters = load_parameters([first, second])
    keys = {"activity": np.array(["other_cattle", "other_cattle"]),
            "ipcc_region": np.array(["asia", "africa"])}
    assert parameters.lookup("enteric", "ef", keys, "kg CH4/head/yr").value.tolist() == [40, 40]
    limited = parameters.lookup("enteric", "ef", keys, "kg CH4/head/yr", sets=["ipcc"])
    np.testing.assert_array_equal(limited.value, [47, np.nan])
    assert parameters.describe(limited.ref).tolist() == ["ipcc T10.11 p.2", ""]
    # the unlimited lookup still finds the first set (the split rows are cached, not filtered)
    assert parameters.lookup("enteric", "ef", keys, "kg CH4/head/yr").value.tolist() == [40, 40]


def test_categorical_keys_and_constants_find_the_same_rows_as_text(tmp_path):
    import pandas as pd

    parameters = load_parameters([make_set(tmp_path, "b",
                                           "ef,swine,*,1,kg CH4/head/yr,,,D,T10.10,10.28,\n"
                                           "ef,swine,asia,1.5,kg CH4/head/yr,,,D,T10.10,10.28,\n"
                                           "ef,*,*,7,kg CH4/head/yr,,,D,T10.10,10.28,\n")])
    # codes 1, 0, -1 (missing), 1: swine, goats, nothing, swine; the region left open is '*'
    activity = pd.Categorical.from_codes([1, 0, -1, 1], categories=["goats", "swine"])
    region = pd.Categorical(["asia", "asia", "asia", "africa"])
    found = parameters.lookup("enteric", "ef", {"activity": activity, "ipcc_region": region},
                              "kg CH4/head/yr")
    # swine in asia: the exact row; goats: only the all-wildcard row; a missing activity
    # matches only rows that take any activity; swine in africa: the swine wildcard row
    np.testing.assert_array_equal(found.value, [1.5, 7, 7, 1])
    only_activity = parameters.lookup("enteric", "ef", {"activity": "swine"}, "kg CH4/head/yr")
    np.testing.assert_array_equal(only_activity.value, [1])  # '*' region asked: no asia row
    assert parameters.used == {0, 1, 2}


def test_unit_must_match_what_the_equation_expects(tmp_path):
    parameters = load_parameters([make_set(tmp_path, "a", "ef,swine,*,1,g CH4/head/yr,,,D,T,1,\n")])
    with pytest.raises(ConfigError, match=r"enteric.csv:2: unit: 'g CH4/head/yr'; expected "
                                          r"'kg CH4/head/yr'"):
        parameters.lookup("enteric", "ef", {"activity": np.array(["swine"]),
                                            "ipcc_region": np.array(["asia"])}, "kg CH4/head/yr")


def test_a_row_without_a_source_page_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"a/parameters/enteric.csv:2: page: '' is not valid"):
        load_parameters([make_set(tmp_path, "a", "ef,swine,*,1,kg CH4/head/yr,,,D,T,,\n")])


def test_unknown_table_names_the_available_ones(tmp_path):
    parameters = load_parameters([make_set(tmp_path, "a", "ef,swine,*,1,kg,,,D,T,1,\n")])
    with pytest.raises(ConfigError, match="available: enteric"):
        parameters.lookup("rice", "efc", {}, "kg CH4/ha/day")


def shipped_tables() -> list[Path]:
    return sorted(builtin_data().glob("*/parameters/*.csv"))


@pytest.mark.parametrize("path", shipped_tables(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_shipped_table_loads_with_sources_and_unique_keys(path: Path):
    parameters = load_parameters([(path.parent.parent.name, path.parent.parent)])
    rows = parameters.rows[parameters.rows["table_name"] == path.stem]
    assert len(rows), f"{path}: no rows"
    dims = [f"dim_{d}" for d in parameters.dimensions[path.stem]]
    duplicated = rows[rows.duplicated(["parameter", *dims], keep=False)]
    assert duplicated.empty, duplicated[["line", "parameter", *dims]].to_string()
    assert rows["unit"].ne("").all(), f"{path}: a row without a unit"
    bounded = rows.dropna(subset=["lower", "upper"])
    assert (bounded["lower"] <= bounded["value"]).all() and \
        (bounded["value"] <= bounded["upper"]).all(), f"{path}: a value outside its range"
    meta = path.with_suffix(".toml").read_text(encoding="utf-8")
    assert "checked" in meta and "document" in meta, f"{path}: sidecar lacks checked/document"
