"""Numbers written as text are read one way only: locale-dependent spellings are refused unless
the file's number format is declared (docs/contracts.md §1), and never misread."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ghg
from ghg.core.errors import InputError
from ghg.inputs.numbers import parse_amounts

DECLARE = ('declare the number format (number_format = "vi" or "en" in inventory.toml, or '
           "--number-format) or write it with a decimal point and no thousands separator")


def parse(texts, number_format=None):
    n = len(texts)
    values, problems = parse_amounts(pd.Series(texts), pd.Series(["a.csv"] * n),
                                     pd.Series(range(2, n + 2)), number_format=number_format)
    return values.tolist(), [str(p) for p in problems]


def test_text_read_two_ways_is_refused_naming_both_readings():
    _, problems = parse(["120.000", "1,250"])
    assert problems == [
        "a.csv:2: amount: '120.000' can be read two ways: 120 with a decimal point, or 120000 "
        f"with '.' separating thousands (Vietnamese style); {DECLARE}",
        "a.csv:3: amount: '1,250' can be read two ways: 1250 with ',' separating thousands "
        f"(English style), or 1.25 with a decimal comma (Vietnamese style); {DECLARE}"]


@pytest.mark.parametrize(("text", "reading"), [
    ("1.250.000", "uses '.' to separate thousands (Vietnamese style: 1250000)"),
    ("1,5", "uses a comma as the decimal separator (Vietnamese style: 1.5)"),
    ("1.234,5", "uses '.' for thousands and ',' for decimals (Vietnamese style: 1234.5)"),
    ("1,234.5", "uses a comma to separate thousands (English style: 1234.5)"),
])
def test_locale_spellings_are_refused_without_a_declaration(text, reading):
    values, problems = parse([text])
    assert problems == [f"a.csv:2: amount: '{text}' {reading}; {DECLARE}"]
    assert values == [0.0]


def test_a_declared_format_is_read_that_way():
    assert parse(["120.000", "1.250.000", "1,5", "1.234,5", "1,250", "7"], "vi") == \
        ([120000.0, 1250000.0, 1.5, 1234.5, 1.25, 7.0], [])
    assert parse(["120.000", "1,250", "1,234.5", "0.5"], "en") == \
        ([120.0, 1250.0, 1234.5, 0.5], [])
    _, problems = parse(["1234.5"], "vi")
    assert problems == ["a.csv:2: amount: '1234.5' is not a number in the declared Vietnamese "
                        'format (number_format = "vi"); expected e.g. 1.234,5']


def test_unambiguous_decimals_still_read():
    assert parse(["0.125", "1234.5", "12.5", "1e3", " 42 "]) == \
        ([0.125, 1234.5, 12.5, 1000.0, 42.0], [])


def test_nan_and_infinity_words_are_refused():
    _, problems = parse(["nan", "inf"])
    assert [p.split("'")[1] for p in problems] == ["nan", "inf"]


def _write_folder(folder: Path, amount: str, declared: str | None) -> Path:
    (folder / "activity").mkdir(parents=True)
    (folder / "inventory.toml").write_text(
        'name = "t"\n' + (f'number_format = "{declared}"\n' if declared else ""),
        encoding="utf-8")
    (folder / "activity" / "energy.csv").write_text(
        "source_id,year,category,activity,amount,unit\n"
        f'F1,2022,1.A.2,diesel,"{amount}",l\n', encoding="utf-8")
    return folder


def test_the_120_000_litres_case(tmp_path):
    """120 thousand litres written Vietnamese style: refused, or with number_format = "vi" read
    as 120,000 l = 120 m3 x 0.84 t/m3 (density set) x 43.0 TJ/Gg x 74,100 kg/TJ CO2."""
    with pytest.raises(InputError, match="can be read two ways: 120 with a decimal point"):
        ghg.compute(_write_folder(tmp_path / "plain", "120.000", None))
    result = ghg.compute(_write_folder(tmp_path / "vi", "120.000", "vi"))
    co2 = result.emissions.set_index("gas").loc["CO2", "emissions_t"]
    density = result.detail["density_t_per_m3"].iloc[0]
    assert co2 == pytest.approx(120.0 * density * 43.0e-3 * 74.1, rel=1e-9)
    assert 300 < co2 < 340  # about 320 t, not 0.3 t


def test_numbers_typed_as_numbers_in_a_workbook_are_taken_as_they_are(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "energy"
    sheet.append(["source_id", "year", "category", "activity", "amount", "unit"])
    sheet.append(["F1", 2022, "1.A.2", "diesel", 120.125, "t"])  # a number cell
    sheet.append(["F1", 2022, "1.A.2", "lpg", "120.125", "t"])  # the same as text
    path = tmp_path / "a.xlsx"
    book.save(path)
    with pytest.raises(InputError) as error:
        ghg.compute(path)
    assert [p.line for p in error.value.problems] == [3]
    sheet.delete_rows(3)
    book.save(path)
    assert ghg.compute(path).detail["amount"].iloc[0] == 120.125


cents = st.integers(min_value=0, max_value=10**12)


def _styled(value: Decimal, style: str, grouping: bool) -> str:
    whole, _, frac = f"{value:.2f}".partition(".")
    frac = frac.rstrip("0")
    if grouping:
        whole = f"{int(whole):,}"
    if style == "vi":
        whole = whole.replace(",", ".")
    sep = "," if style == "vi" else "."
    return whole + (sep + frac if frac else "")


@given(cents, st.sampled_from(["vi", "en"]), st.booleans())
def test_fuzz_every_spelling_reads_as_its_value_or_is_refused(amount, style, grouping):
    value = Decimal(amount) / 100
    text = _styled(value, style, grouping)
    values, problems = parse([text])
    assert problems or values == [float(value)], text  # undeclared: right, or refused
    values, problems = parse([text], style)
    assert problems == [] and values == [float(value)], text  # declared: always right


def test_missing_cells_are_refused_not_filled_with_a_neighbour():
    values, problems = parse([None, "1.5", float("nan")])
    assert values[1] == 1.5
    assert [p.split(":")[1] for p in problems] == ["2", "4"]
