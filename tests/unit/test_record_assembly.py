"""Chain texts written once per distinct combination, record tables assembled once from parts,
and the first-order decay kernel: each gives exactly what the plain per-record form gives."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ghg.sectors.method import (
    SectorRows,
    Texts,
    assemble,
    chain_text,
    class_codes,
    classes,
    fmt,
    part,
    records,
)
from ghg.sectors.waste import disposal as fod


def test_chain_text_is_the_per_record_sum_of_its_parts():
    tonnes = np.array([2.0, 1234567.0, 2.0, np.nan, 0.5])
    kind = np.array(["compost", "digest", "compost", "compost", "digest"], dtype=object)
    factor = class_codes({"kind": kind}, lambda f: " t " + kind[f] + " × EF ")
    chain = chain_text(tonnes, factor, np.array([4, 4, 4, 4, 10]), " = ", tonnes * 4.0, " t")
    assert chain.tolist() == ["2 t compost × EF 4 = 8 t", "1.23457e+06 t digest × EF 4 = "
                              "4.93827e+06 t", "2 t compost × EF 4 = 8 t",
                              "nan t compost × EF 4 = nan t", "0.5 t digest × EF 10 = 2 t"]
    # the same as the object-array sum, record by record
    same = fmt(tonnes) + np.asarray(factor, dtype=object) + fmt(np.array([4, 4, 4, 4, 10])) \
        + " = " + fmt(tonnes * 4.0) + " t"
    assert chain.tolist() == same.tolist()


def test_chain_text_writes_zero_and_minus_zero_as_fmt_does():
    value = np.array([0.0, -0.0, 1.0, -0.0])
    assert chain_text("R ", value).tolist() == ("R " + fmt(value)).tolist()
    assert chain_text("only", " constants").tolist() == ["only constants"]


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
    plain = pd.concat([
        records(rows, np.array([0, 2]), category="3.A.1", gas="CH4",
                emissions_t=np.array([1.5, 2.5]), step="enteric",
                chain=np.array(["head × EF 55", "head × EF 18"], dtype=object)),
        records(rows, np.array([1]), year=2030, category=np.array(["3.C.6"], dtype=object),
                gas="N2O", emissions_t=np.array([0.25]), step="leaching",
                chain="per record", biogenic=True)], ignore_index=True)
    pd.testing.assert_frame_equal(out, plain)
    assert out["row"].tolist() == [10, 12, 11]
    assert out["year"].tolist() == [2020, 2022, 2030]
    assert out["chain"].tolist() == ["head × EF 55", "head × EF 18", "per record"]
    assert out["biogenic"].tolist() == [False, False, True]


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


def test_assemble_keeps_the_column_types_of_concatenated_records_with_an_empty_part():
    rows = SectorRows(pd.DataFrame({"row": [0, 1], "year": [2020, 2021]}))
    full = part(np.array([1]), category="4.D.1", gas="CH4", emissions_t=np.ones(1), step="x")
    empty = part(np.zeros(0, dtype=np.int64), category="4.D.1", gas="CH4",
                 emissions_t=np.zeros(0), step="x")
    plain = pd.concat([records(rows, np.array([1]), category="4.D.1", gas="CH4",
                               emissions_t=np.ones(1), step="x"),
                       records(rows, np.zeros(0, dtype=np.int64), category="4.D.1", gas="CH4",
                               emissions_t=np.zeros(0), step="x")], ignore_index=True)
    pd.testing.assert_frame_equal(assemble(rows, [full, empty]), plain)
    assert assemble(rows, [empty])["chain"].dtype == object
