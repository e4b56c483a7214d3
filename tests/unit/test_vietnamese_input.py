"""Vietnamese input accepted as such: headers, units, activity names, register values, CSV forms."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from ghg.core.errors import InputError
from ghg.core.quantities import _refused_table, canonical_unit, normal_text, refused_reason
from ghg.core.schema import ACTIVITY_OPTIONAL, ACTIVITY_REQUIRED
from ghg.core.units import registry
from ghg.inputs.activity import NOTE_COLUMNS, validate
from ghg.inputs.aliases import (
    activity_suggestions,
    canonical_activity,
    canonical_headers,
    data_table,
    header_aliases,
)
from ghg.inputs.folder import read_inputs
from ghg.inputs.register import FACILITY_TYPES, OPTIONAL, REQUIRED, read_register
from ghg.inputs.tables import read_tables


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- headers ---------------------------------------------------------------------------------

def test_vietnamese_headers_in_any_case_spacing_and_unicode_form():
    headers = [nfd("Mã cơ sở"), "  NĂM ", "hạng  mục ipcc", "Hoạt động", "Số lượng",
               nfd("ĐƠN VỊ TÍNH"), "Ghi chú", "water_regime"]
    assert canonical_headers(headers, "activity", "f.csv") == [
        "source_id", "year", "category", "activity", "amount", "unit", "note", "water_regime"]


def test_two_headers_meaning_one_column_are_refused():
    with pytest.raises(InputError) as error:
        canonical_headers(["year", "Năm", "unit"], "activity", "f.csv")
    assert str(error.value) == ("f.csv:1: header: 'Năm' means column 'year', as column 1 "
                                "('year') does; expected each column once")


def test_alias_table_names_only_contract_columns():
    aliases = data_table("header_aliases.csv")
    activity = set(aliases.loc[aliases["table"] == "activity", "column"])
    parameters = {"season", "water_regime", "productivity", "weight_kg", "climate_zone",
                  "ipcc_region", "site_type", "income_group", "fuel_t_ha", "not_estimated"}
    assert activity <= {*ACTIVITY_REQUIRED, *ACTIVITY_OPTIONAL, *NOTE_COLUMNS, *parameters}
    facilities = set(aliases.loc[aliases["table"] == "facilities", "column"])
    assert facilities <= {*REQUIRED, *OPTIONAL, *NOTE_COLUMNS}
    assert set(ACTIVITY_REQUIRED) <= activity and set(REQUIRED) <= facilities
    assert aliases["source"].str.strip().ne("").all()  # official term with its source, or
    # marked as the project's wording
    assert len(header_aliases("activity")) == (aliases["table"] == "activity").sum()


# --- units -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "canonical"), [
    ("lít", "l"), ("Lít", "l"), ("LÍT", "l"), (nfd("lít"), "l"), ("tấn", "t"), ("Tấn", "t"),
    ("kg", "kg"), ("KG", "kg"), ("m3", "m3"), ("m³", "m3"), ("nghìn m3", "thousand_m3"),
    ("Nghìn  m³", "thousand_m3"), ("kWh", "kWh"), ("KWH", "kWh"), ("TOE", "toe"),
    ("tấn dầu quy đổi", "toe"), ("con", "head"), ("ha", "ha"), ("người", "person"),
])
def test_unit_aliases(written, canonical):
    assert canonical_unit(written) == canonical


def test_aliased_units_keep_their_size():
    ureg = registry()
    assert ureg.Quantity(1, canonical_unit("nghìn m3")).to("m3").magnitude == pytest.approx(1000)
    assert ureg.Quantity(1, canonical_unit("TOE")).to("GJ").magnitude == pytest.approx(41.868)
    assert ureg.Quantity(1, canonical_unit("lít")).to("m3").magnitude == pytest.approx(0.001)


@pytest.mark.parametrize("spelling", [*_refused_table(), "mWh", "mt", "MT", "cm3", "Mt", "T"])
def test_refused_spellings_are_never_aliased(spelling):
    assert canonical_unit(spelling) == spelling
    if spelling in _refused_table() or spelling in ("mWh", "cm3"):
        assert refused_reason(canonical_unit(spelling)) is not None


def test_no_alias_folds_onto_a_refused_spelling():
    refused = {normal_text(s) for s in [*_refused_table(), "mwh", "cm3"]}
    aliases = pd.read_csv("ghg/core/unit_aliases.csv", dtype=str, keep_default_na=False)
    assert not refused & {normal_text(a) for a in aliases["alias"]}


# --- activity names --------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "key"), [
    ("Dầu diesel (DO)", "diesel"), (nfd("dầu DIESEL (do)"), "diesel"),
    ("Điện mua từ lưới điện quốc gia", "grid_electricity"), ("Gas/Diesel Oil", "diesel"),
    ("Trâu", "buffalo"), ("grid_electricity", "grid_electricity"),
])
def test_activity_names(written, key):
    assert canonical_activity(written) == key


def test_suggestions_in_both_languages_accents_ignored():
    for text in ("điện lưới", "dien luoi", "Điện Lưới"):
        assert activity_suggestions(text)[0].startswith("'grid_electricity' (Electricity bought "
                                                        "from the national grid (scope 2) / "
                                                        "Điện mua từ lưới điện quốc gia)")


def test_a_name_without_its_accents_is_suggested_not_accepted(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("source_id,year,category,activity,amount,unit\n"
                    "F1,2022,1.A.2,dau diesel (do),10,tan\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_inputs(path)
    lines = str(error.value).splitlines()
    assert lines[0].startswith(f"{path}:2: activity: 'dau diesel (do)' is not a known activity "
                               "key; did you mean 'diesel' (Gas/Diesel Oil / Dầu diesel (DO))")
    assert lines[1].startswith(f"{path}:2: unit: 'tan' is not a unit ghg can parse; did you "
                               "mean tấn (t)?")


# --- CSV forms -------------------------------------------------------------------------------

ENGLISH = ("source_id,year,category,activity,amount,unit\n"
           "F1,2022,1.A.2,diesel,12.5,t\n"
           "F1,2022,1.A.2,grid_electricity,1500,MWh\n")


def english_frame(tmp_path) -> pd.DataFrame:
    path = tmp_path / "en.csv"
    path.write_text(ENGLISH, encoding="utf-8")
    return validate(read_tables(path))


def columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["source_id", "year", "category", "activity", "amount", "unit"]].astype(
        {c: str for c in ("source_id", "category", "activity", "unit")})


def test_semicolon_file_with_bom_and_vietnamese_headers(tmp_path):
    path = tmp_path / "vi.csv"
    path.write_bytes(("\ufeffMã cơ sở;Năm;Hạng mục IPCC;Hoạt động;Số lượng;Đơn vị tính\n"
                      "F1;2022;1.A.2;Dầu diesel (DO);12,5;tấn\n"
                      "F1;2022;1.A.2;Điện mua từ lưới điện quốc gia;1.500.000;kWh\n")
                     .encode("utf-8"))
    frame = validate(read_tables(path), number_format="vi")
    assert columns(frame).equals(columns(english_frame(tmp_path)).assign(
        amount=[12.5, 1_500_000.0], unit=["t", "kWh"]))


def test_utf16_tab_separated_unicode_text(tmp_path):
    path = tmp_path / "unicode.txt.csv"
    path.write_bytes(ENGLISH.replace(",", "\t").encode("utf-16"))  # BOM + UTF-16LE
    assert columns(validate(read_tables(path))).equals(columns(english_frame(tmp_path)))


def test_utf16_without_bom_is_refused_clearly(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(ENGLISH.encode("utf-16-le"))
    with pytest.raises(InputError, match="looks like UTF-16 without a byte-order mark; expected "
                                         "a UTF-8 file"):
        read_tables(path)


def test_comma_in_header_keeps_comma_separator(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("source_id,year,category,activity,amount,unit,note\n"
                    "F1,2022,1.A.2,diesel,12.5,t,a;b\n", encoding="utf-8")
    assert read_tables(path)[0].cells["note"].tolist() == ["a;b"]


def test_split_cell_is_a_line_problem_and_the_rest_is_checked(tmp_path):
    path = tmp_path / "split.csv"
    path.write_text("source_id,year,category,activity,amount,unit\n"
                    "F1,2022,1.A.2,diesel,161,5,t\n"
                    "F1,2022,1.A.2,disel,10,t\n"
                    "F1,2022,1.A.2,lpg,10,t\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_inputs(path)
    lines = str(error.value).splitlines()
    assert lines[0] == (f"{path}:2: row: has 7 cells, the header 6; a comma inside a cell "
                        "splits it (a decimal comma such as 161,5, or a note): write 161.5, or "
                        "put the cell in double quotes (\"161,5\"); a file whose header uses ';' "
                        "is read with ';' between cells")
    assert lines[1].startswith(f"{path}:3: activity: 'disel' is not a known activity key")
    assert len(lines) == 2  # line 4 is fine, and counted as line 4


def test_split_cell_keeps_line_numbers(tmp_path):
    path = tmp_path / "split.csv"
    path.write_text("source_id,year,category,activity,amount,unit\n"
                    "F1,2022,1.A.2,diesel,161,5,t\n"
                    "F1,2022,1.A.2,lpg,10,t\n", encoding="utf-8")
    table = read_tables(path)[0]
    assert table.lines.tolist() == [3] and [p.line for p in table.problems] == [2]


# --- facility register -----------------------------------------------------------------------

def test_vietnamese_register(tmp_path):
    vi, en = tmp_path / "vi.csv", tmp_path / "en.csv"
    vi.write_text("Mã cơ sở,Tên cơ sở,Loại cơ sở,Thuộc danh mục hiện hành,Bộ quản lý lĩnh vực\n"
                  "F1,Nhà máy A,công nghiệp,có,Bộ Công Thương\n"
                  "F2,Nhà máy B,Cơ sở xử lý chất thải rắn,KHÔNG,Bộ Xây dựng\n", encoding="utf-8")
    en.write_text("facility_id,name,facility_type,on_current_list,line_ministry\n"
                  "F1,Nhà máy A,industrial,yes,Bộ Công Thương\n"
                  "F2,Nhà máy B,solid_waste_treatment,no,Bộ Xây dựng\n", encoding="utf-8")
    pd.testing.assert_frame_equal(read_register(vi, "facilities.csv"),
                                  read_register(en, "facilities.csv"))
    assert read_register(vi, "f")["facility_type"].tolist() == ["industrial",
                                                                 "solid_waste_treatment"]


def test_messages_quote_the_unit_as_typed(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("Mã cơ sở,Năm,Hạng mục IPCC,Hoạt động,Số lượng,Đơn vị tính\n"
                    "F1,2022,1.A.2,Điện mua từ lưới điện quốc gia,10, tấn\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_inputs(path)
    assert str(error.value).startswith(f"{path}:2: unit: 'tấn' does not fit activity "
                                       "'grid_electricity' (electricity); expected an energy")


def test_empty_header_cells_are_named_as_before(tmp_path):
    path = tmp_path / "trailing.csv"
    path.write_text("source_id,year,category,activity,amount,unit,,\n"
                    "F1,2022,1.A.2,diesel,12.5,t,,\n", encoding="utf-8")
    assert list(read_tables(path)[0].cells.columns)[6:] == ["unnamed: 6", "unnamed: 7"]
    assert read_inputs(path).frame["amount"].tolist() == [12.5]


def test_value_aliases_have_one_meaning():
    values = data_table("value_aliases.csv")
    keys = values.assign(alias=values["alias"].map(normal_text))
    assert not keys.duplicated(["table", "column", "alias"]).any()
    assert set(values["value"]) <= {"yes", "no", *FACILITY_TYPES}
