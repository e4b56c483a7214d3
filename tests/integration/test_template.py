"""ghg template and ghg activities; a Vietnamese workbook computes as its English twin."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ghg.cli import main
from ghg.core.errors import InputError
from ghg.engine.pipeline import compute
from ghg.inputs.register import read_register
from ghg.inputs.template import template_bytes

BEN_TRE = Path(__file__).resolve().parents[2] / "inventories" / "ben-tre"


def inventory(tmp_path: Path, name: str) -> Path:
    """The Ben Tre settings (inventory.toml, manure, wastewater, local factors), no activity."""
    folder = tmp_path / name
    (folder / "activity").mkdir(parents=True)
    for item in ("inventory.toml", "manure_systems.csv", "wastewater_pathways.csv"):
        shutil.copy(BEN_TRE / item, folder / item)
    shutil.copytree(BEN_TRE / "factors", folder / "factors")
    return folder


def test_template_has_drop_downs_on_a_hidden_lists_sheet(tmp_path):
    path = tmp_path / "t.xlsx"
    assert main(["template", "all", "-o", str(path), "--lang", "vi"]) == 0
    book = openpyxl.load_workbook(path)
    assert book["_lists"].sheet_state == "hidden"
    fuel = book["fuel"]
    assert [c.value for c in fuel[1]][:6] == ["Mã cơ sở", "Năm", "Hạng mục IPCC", "Hoạt động",
                                              "Số lượng", "Đơn vị tính"]
    assert [c.value for c in fuel[2]][:6] == ["CS-01", 2022, "1.A.2.e", "Dầu diesel (DO)", 12.5,
                                              "tấn"]
    validations = {str(v.sqref): v.formula1 for v in fuel.data_validations.dataValidation}
    assert set(validations) == {"C2:C5000", "D2:D5000", "F2:F5000"}  # category, activity, unit
    lists = book["_lists"]
    column = validations["D2:D5000"].split("!")[1].split(":")[0].strip("$").split("$")[0]
    names = [c.value for c in lists[column][1:] if c.value is not None]
    assert names[0] == "Dầu diesel (DO)" and "Khí sinh học (biogas)" in names and len(names) == 16
    register = book["_facilities"]
    kinds = {str(v.sqref) for v in register.data_validations.dataValidation}
    assert kinds == {"C2:C5000", "D2:D5000"}
    assert template_bytes("all", "vi") == path.read_bytes()  # same bytes every time


@pytest.mark.parametrize("kind", ["all", "energy", "agriculture", "waste", "rice", "land",
                                  "landfill_gas"])
def test_filled_template_computes_in_both_languages(tmp_path, kind):
    results = []
    for lang in ("vi", "en"):
        folder = inventory(tmp_path, lang)
        (folder / "activity" / "template.xlsx").write_bytes(template_bytes(kind, lang))
        results.append(compute(folder).emissions)
    pd.testing.assert_frame_equal(results[0], results[1])
    if kind == "energy":  # 12.5 t diesel x 43.0 TJ/Gg x 74,100 kg CO2/TJ; 1,500 MWh x 0.6766
        co2 = results[0].set_index(["source_id", "category", "scope", "gas"])["emissions_t"]
        assert co2[("CS-01", "1.A.2.e", 1, "CO2")] == pytest.approx(12.5e-3 * 43.0 * 74.1)
        assert co2[("CS-01", "1.A.2.e", 2, "CO2")] == pytest.approx(1014.9)


def test_vietnamese_workbook_computes_as_its_english_twin(tmp_path):
    rows = [("BT-F01", 2022, "1.A.2.e", "diesel", "Dầu diesel (DO)", 250000.0, "l", "lít"),
            ("BT-F01", 2022, "1.A.2.e", "wood", "Củi và phế phẩm gỗ", 4753.3, "t", "tấn"),
            ("BT-F01", 2022, "1.A.2.e", "grid_electricity", "Điện mua từ lưới điện quốc gia",
             5644900.0, "kWh", "kWh"),
            ("BT-F02", 2022, "1.A.2.e", "lpg", "Khí hóa lỏng (LPG)", 82.8, "t", "Tấn")]
    english = pd.DataFrame([(s, y, c, a, n, u) for s, y, c, a, _, n, u, _ in rows],
                           columns=["source_id", "year", "category", "activity", "amount", "unit"])
    vietnamese = pd.DataFrame([(s, y, c, v, n, u) for s, y, c, _, v, n, _, u in rows],
                              columns=["Mã cơ sở", "Năm", "Hạng mục IPCC", "Hoạt động",
                                       "Số lượng", "Đơn vị tính"])
    folders = {}
    for lang, table, register in (
            ("en", english, "facility_id,name,facility_type,on_current_list\n"
                            "BT-F01,A,industrial,yes\nBT-F02,B,commercial_building,no\n"),
            ("vi", vietnamese, "Mã cơ sở,Tên cơ sở,Loại cơ sở,Thuộc danh mục hiện hành\n"
                               "BT-F01,A,công nghiệp,có\nBT-F02,B,Tòa nhà thương mại,không\n")):
        folder = folders[lang] = inventory(tmp_path, lang)
        table.to_excel(folder / "activity" / "energy.xlsx", index=False)
        (folder / "facilities.csv").write_text(register, encoding="utf-8")
    pd.testing.assert_frame_equal(compute(folders["vi"]).emissions,
                                  compute(folders["en"]).emissions)
    pd.testing.assert_frame_equal(read_register(folders["vi"] / "facilities.csv", "f"),
                                  read_register(folders["en"] / "facilities.csv", "f"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_template_converts_with_libreoffice(tmp_path):
    path = tmp_path / "facilities.xlsx"
    assert main(["template", "facilities", "-o", str(path)]) == 0
    subprocess.run(["soffice", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):"
                    "44,34,76", "--outdir", str(tmp_path / "csv"), str(path)], check=True,
                   capture_output=True, timeout=300)
    register = read_register(tmp_path / "csv" / "facilities.csv", "facilities.csv")
    assert register[["facility_id", "facility_type", "on_current_list"]].values.tolist() == [
        ["CS-01", "industrial", True]]


def test_activities_command(capsys):
    assert main(["activities", "--kind", "electricity", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "grid_electricity" in out and "Điện mua từ lưới điện quốc gia" in out
    assert "kWh MWh GWh" in out
    assert main(["activities", "--kind", "nope"]) == 2


def test_template_refuses_other_file_types(tmp_path, capsys):
    assert main(["template", "energy", "-o", str(tmp_path / "t.csv")]) == 2
    assert "cần tên tệp có đuôi .xlsx" in capsys.readouterr().err  # Vietnamese by default


def test_template_never_writes_over_a_file(tmp_path, capsys):
    path = tmp_path / "filled.xlsx"
    path.write_bytes(b"an officer's work")
    assert main(["template", "energy", "-o", str(path), "--lang", "en"]) == 2
    assert path.read_bytes() == b"an officer's work"
    assert "already exists; choose a new file name" in capsys.readouterr().err


def test_register_template_among_activity_tables_is_refused_clearly(tmp_path):
    folder = inventory(tmp_path, "f")
    (folder / "activity" / "facilities.xlsx").write_bytes(template_bytes("facilities", "vi"))
    with pytest.raises(InputError, match=r"activity/facilities.xlsx: has no activity sheet"):
        compute(folder)
