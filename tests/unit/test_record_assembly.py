"""Chain texts written once per distinct combination, record tables assembled once from parts,
and the first-order decay kernel: each gives exactly what the plain per-record form gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ghg
from ghg.sectors import rice
from ghg.sectors.method import (
    RECORD_COLUMNS,
    TEXT_COLUMNS,
    SectorContext,
    SectorRows,
    Texts,
    assemble,
    chain_text,
    class_codes,
    classes,
    concat_records,
    fmt,
    no_records,
    part,
    records,
)
from ghg.sectors.waste import disposal as fod


def test_chain_text_is_the_per_record_sum_of_its_parts():
    tonnes = np.array([2.0, 1234567.0, 2.0, np.nan, 0.5])
    kind = np.array(["compost", "digest", "compost", "compost", "digest"], dtype=object)
    factor = class_codes({"kind": kind}, lambda f: " t " + kind[f] + " × EF ")
    chain = chain_text(tonnes, factor, np.array([4, 4, 4, 4, 10]), " = ", tonnes * 4.0,
                       " t").per_record()
    assert chain.tolist() == ["2 t compost × EF 4 = 8 t", "1.23457e+06 t digest × EF 4 = "
                              "4.93827e+06 t", "2 t compost × EF 4 = 8 t",
                              "nan t compost × EF 4 = nan t", "0.5 t digest × EF 10 = 2 t"]
    # the same as the object-array sum, record by record
    same = fmt(tonnes) + np.asarray(factor, dtype=object) + fmt(np.array([4, 4, 4, 4, 10])) \
        + " = " + fmt(tonnes * 4.0) + " t"
    assert chain.tolist() == same.tolist()


def test_chain_text_writes_zero_and_minus_zero_as_fmt_does():
    value = np.array([0.0, -0.0, 1.0, -0.0])
    assert chain_text("R ", value).per_record().tolist() == ("R " + fmt(value)).tolist()
    assert chain_text("only", " constants").per_record().tolist() == ["only constants"]


def test_assemble_gives_the_concatenated_records():
    frame = pd.DataFrame({"row": [10, 11, 12], "year": [2020, 2021, 2022]})
    rows = SectorRows(frame)
    by_class = Texts(np.array(["head × EF 18", "head × EF 55"], dtype=object),
                     np.array([1, 0]))
    parts = [part(np.array([0, 2]), category="3.A.1", gas="CH4",
                  emissions_t=np.array([1.5, 2.5]), step="enteric", chain=by_class),
             part(np.array([1]), year=2030, category=np.array(["3.C.6"], dtype=object),
                  gas="N2O", emissions_t=np.array([0.25]), step="leaching",
                  chain=np.array(["per record"], dtype=object), biogenic=True)]
    out = assemble(rows, parts)
    plain = concat_records([
        records(rows, np.array([0, 2]), category="3.A.1", gas="CH4",
                emissions_t=np.array([1.5, 2.5]), step="enteric",
                chain=np.array(["head × EF 55", "head × EF 18"], dtype=object)),
        records(rows, np.array([1]), year=2030, category=np.array(["3.C.6"], dtype=object),
                gas="N2O", emissions_t=np.array([0.25]), step="leaching",
                chain="per record", biogenic=True)])
    pd.testing.assert_frame_equal(as_text(out), as_text(plain))
    assert out["row"].tolist() == [10, 12, 11]
    assert out["year"].tolist() == [2020, 2022, 2030]
    assert out["chain"].tolist() == ["head × EF 55", "head × EF 18", "per record"]
    assert out["biogenic"].tolist() == [False, False, True]
    # text as codes into the distinct names, in order of first appearance
    assert out["chain"].cat.categories.tolist() == ["head × EF 18", "head × EF 55", "per record"]
    assert out["chain"].cat.codes.tolist() == [1, 0, 2]
    assert out["gas"].cat.categories.tolist() == ["CH4", "N2O"]
    assert out["step"].cat.codes.tolist() == [0, 0, 1]


def as_text(records: pd.DataFrame) -> pd.DataFrame:
    """Records with their text columns as plain object text (to compare values, not codes)."""
    return records.astype({c: object for c in TEXT_COLUMNS})


def test_classes_treat_minus_zero_and_nan_as_equal_values():
    code, first = classes({"x": np.array([0.0, -0.0, np.nan, np.nan, 1.0, 0.0])})
    assert code.tolist() == [0, 0, 1, 1, 2, 0]
    assert first.tolist() == [0, 2, 4]


def test_decomposed_by_hand_with_a_rate_per_series():
    # k = ln 2: half of the stock decays each year; M = 13: nothing in the deposit year.
    d = np.array([[[100.0, 0.0, 0.0], [0.0, 80.0, 0.0]]])
    k = np.array([np.log(2.0), np.log(4.0)])
    out = fod.decomposed(d, k, reaction_month=13.0)
    np.testing.assert_allclose(out, [[[0.0, 50.0, 25.0], [0.0, 0.0, 60.0]]])


def test_assemble_leaves_out_an_empty_part_and_keeps_the_text_as_codes():
    rows = SectorRows(pd.DataFrame({"row": [0, 1], "year": [2020, 2021]}))
    full = part(np.array([1]), category="4.D.1", gas="CH4", emissions_t=np.ones(1), step="x")
    empty = part(np.zeros(0, dtype=np.int64), category="4.B", gas="N2O",
                 emissions_t=np.zeros(0), step="y")
    out = assemble(rows, [full, empty])
    pd.testing.assert_frame_equal(out, assemble(rows, [full]))
    assert out["gas"].cat.categories.tolist() == ["CH4"]  # no name of the empty part
    nothing = assemble(rows, [empty])
    assert len(nothing) == 0 and list(nothing.columns) == RECORD_COLUMNS
    assert all(isinstance(nothing[c].dtype, pd.CategoricalDtype) for c in TEXT_COLUMNS)


def season(amount: float, regime: str, days: str) -> dict:
    return {"category": "3.C.7", "activity": "rice", "unit": "ha", "amount": amount,
            "water_regime": regime, "cultivation_days": days,
            "preseason_water": "non_flooded_short"}


def test_a_method_gives_its_text_columns_as_codes_into_their_names():
    # two rice seasons, 2006 defaults: 500 ha × 90 d × 1.30 × 1e-3 = 58.5 t CH4, and with AWD
    # (SFw 0.52) 100 ha × 100 d × 1.30 × 0.52 × 1e-3 = 6.76 t CH4
    rows = SectorRows.from_records(season(500.0, "continuously_flooded", "90"),
                                   season(100.0, "multiple_drainage", "100"))
    out = rice.method(rows, SectorContext.for_sets("ipcc2006"))
    assert rows.problems == []
    assert out["emissions_t"].tolist() == pytest.approx([58.5, 6.76])
    for column, names in {"category": ["3.C.7"], "gas": ["CH4"], "step": ["rice"]}.items():
        assert isinstance(out[column].dtype, pd.CategoricalDtype)
        assert out[column].cat.categories.tolist() == names
        assert out[column].cat.codes.tolist() == [0, 0]
    chains = out["chain"].cat.categories.tolist()
    assert len(chains) == 2 and out["chain"].cat.codes.tolist() == [0, 1]
    assert "ha × 90 d × EFc 1.3 kg CH4/ha/day" in chains[0] and "SFw 0.52" in chains[1]


def test_run_sectors_keeps_the_codes_across_two_modules():
    # a soils row (3 records: direct, volatilisation, leaching) and a rice row, run by the
    # engine: modules in order (rice, soils), their names joined, each once
    place = {"source_id": "P", "year": 2020, "climate_zone": "tropical_wet",
             "ipcc_region": "south_east_asia"}
    table = pd.DataFrame([
        {**place, "category": "3.C.4", "activity": "synthetic_n", "amount": 10000.0, "unit": "t"},
        {**place, **season(500.0, "continuously_flooded", "90")}])
    records = ghg.compute(table, factors=["ipcc2006"]).sectors.records
    assert all(isinstance(records[c].dtype, pd.CategoricalDtype) for c in TEXT_COLUMNS)
    assert records["row"].tolist() == [1, 0, 0, 0]
    assert records["category"].cat.categories.tolist() == ["3.C.7", "3.C.4", "3.C.5"]
    assert records["category"].cat.codes.tolist() == [0, 1, 2, 2]
    assert records["gas"].cat.categories.tolist() == ["CH4", "N2O"]
    assert records["step"].astype(object).tolist() == ["rice", "direct", "volatilisation",
                                                       "leaching"]
    assert records["emissions_t"].tolist() == pytest.approx([58.5, 157.142857, 15.714286,
                                                             35.357143])


def test_concat_records_joins_the_names_and_renumbers_the_codes():
    rows = SectorRows(pd.DataFrame({"row": [0, 1, 2], "year": [2020, 2020, 2021]}))
    first = records(rows, np.array([0, 1]), category=np.array(["4.B", "4.D.1"], dtype=object),
                    gas="CH4", emissions_t=np.array([1.0, 2.0]), step="a", chain="x")
    second = records(rows, np.array([2]), category="4.D.1", gas="N2O",
                     emissions_t=np.array([3.0]), step="b", chain="y")
    out = concat_records([first, no_records(), second])
    assert out["category"].cat.categories.tolist() == ["4.B", "4.D.1"]
    assert out["category"].cat.codes.tolist() == [0, 1, 1]
    assert out["gas"].astype(object).tolist() == ["CH4", "CH4", "N2O"]
    assert out["step"].cat.categories.tolist() == ["a", "b"]
    assert out["row"].tolist() == [0, 1, 2] and out["year"].tolist() == [2020, 2020, 2021]
    assert out["emissions_t"].tolist() == [1.0, 2.0, 3.0]
    assert concat_records([no_records(), no_records()]).dtypes.equals(no_records().dtypes)


def test_concat_records_codes_a_table_made_by_hand_and_keeps_a_missing_text_missing():
    rows = SectorRows(pd.DataFrame({"row": [0, 1], "year": [2020, 2020]}))
    coded = records(rows, np.array([0]), category="3.C.4", gas="N2O",
                    emissions_t=np.array([1.0]), step="direct", chain="a")
    by_hand = pd.DataFrame({"row": [1, 1], "year": [2020, 2020],
                            "category": ["3.C.5", "3.C.4"], "gas": ["N2O", "N2O"],
                            "emissions_t": [2.0, 3.0], "biogenic": [False, False],
                            "step": ["leaching", None], "chain": ["b", "a"]})
    out = concat_records([coded, by_hand])
    assert out["category"].cat.categories.tolist() == ["3.C.4", "3.C.5"]
    assert out["category"].cat.codes.tolist() == [0, 1, 0]
    assert out["step"].cat.codes.tolist() == [0, 1, -1]  # None: no name, still missing
    assert out["chain"].cat.codes.tolist() == [0, 1, 0]
