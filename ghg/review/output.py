"""Writing a review: ``review.csv`` for tools and ``review.xlsx`` in the layout an officer sends
(Vietnamese headers; additions, removals, cases to check, the full list and a summary)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ghg.core.files import csv_bytes, write_run
from ghg.core.i18n import N_, _, number, use_language
from ghg.core.xlsx import Section, workbook_bytes
from ghg.review.facility_list import Review

#: The proposed change of each facility (review.csv keeps the codes); in words from the message
#: catalogue, so the workbook and the command's summary line say the same.
DECISIONS = {"add": N_("add"), "remove": N_("remove"), "keep": N_("keep"), "none": N_("none"),
             "review": N_("review")}
with use_language("vi"):
    CHANGE_VI = {code: _(word).capitalize() for code, word in DECISIONS.items()}
MUST_VI = {"yes": "Có", "no": "Không", "unknown": "Chưa đủ dữ liệu"}
TYPE_VI = {"thermal_power": "Nhà máy nhiệt điện", "industrial": "Cơ sở sản xuất công nghiệp",
           "freight_transport": "Công ty vận tải hàng hóa",
           "commercial_building": "Tòa nhà thương mại",
           "solid_waste_treatment": "Cơ sở xử lý chất thải rắn", "other": "Khác"}
HEADERS_VI = {
    "facility_id": "Mã cơ sở", "must_be_listed": "Phải kiểm kê KNK",
    "criteria": "Tiêu chí đáp ứng", "change": "Đề xuất", "watch": "Theo dõi (dưới ngưỡng ≤ 10%)",
    "name": "Tên cơ sở", "facility_type": "Loại cơ sở", "district": "Địa bàn",
    "on_current_list": "Thuộc danh mục hiện hành",
    "waste_capacity_t_per_yr": "Công suất xử lý chất thải rắn (tấn/năm)",
    "address": "Địa chỉ", "commune": "Xã/phường", "line_ministry": "Bộ quản lý lĩnh vực",
    "tax_code": "Mã số thuế",
}
#: The criteria a facility meets (``criteria``, ``ghg.review.criteria.CRITERION_NAMES``), in words.
CRITERIA_VI = {"emissions": "phát thải khí nhà kính", "energy": "tiêu thụ năng lượng",
               "waste_capacity": "công suất xử lý chất thải rắn", "livestock": "quy mô chăn nuôi"}
METRIC_VI = {"emissions_co2e_t": "phát thải khí nhà kính", "energy_toe": "tiêu thụ năng lượng",
             "waste_capacity_t_per_yr": "công suất xử lý chất thải rắn",
             "cattle_head": "số đầu bò", "swine_head": "số đầu lợn"}
UNIT_VI = {"t CO2e/yr": "tấn CO2tđ/năm", "TOE/yr": "TOE/năm", "t/yr": "tấn/năm", "head": "con"}
#: Excel number formats: Excel shows them with the reader's own separators (1.234,5 in Vietnamese).
TONNES, WHOLE = "#,##0.0", "#,##0"


def _header_vi(column: str, rules: pd.DataFrame | None = None) -> str:
    if column in HEADERS_VI:
        return HEADERS_VI[column]
    if column.startswith("emissions_scope1_t_co2e_"):
        return f"Phát thải trực tiếp {column[-4:]} (tấn CO2tđ)"
    if column.startswith("emissions_scope2_t_co2e_"):
        return f"Phát thải gián tiếp do mua điện {column[-4:]} (tấn CO2tđ)"
    if column.startswith("energy_toe_"):
        return f"Tiêu thụ năng lượng {column[-4:]} (TOE)"
    if column.startswith("margin_"):
        return f"Chênh lệch so với ngưỡng {_rule_vi(column[len('margin_'):], rules)}"
    return column


def _rule_vi(rule_id: str, rules: pd.DataFrame | None) -> str:
    """A listing rule in words, from the criteria table: what, the threshold, where in the law."""
    if rules is None or rule_id not in set(rules["rule_id"]):
        return f"({rule_id})"
    rule = rules.set_index("rule_id").loc[rule_id]
    with use_language("vi"):
        threshold = number(float(rule["threshold"]))
    article = str(rule.get("article", "") or "").replace("Art.", "Điều")
    return (f"{METRIC_VI.get(rule['metric'], rule['metric'])} {threshold} "
            f"{UNIT_VI.get(rule['unit'], rule['unit'])} ({article})")


def vietnamese(table: pd.DataFrame, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """The review table with Vietnamese headers and values, as sent to the ministry."""
    out = table.copy()
    out["criteria"] = out["criteria"].map(
        lambda met: "; ".join(CRITERIA_VI.get(c, c) for c in met.split(";") if c))
    out["change"] = out["change"].map(CHANGE_VI)
    out["must_be_listed"] = out["must_be_listed"].map(MUST_VI)
    out["facility_type"] = out["facility_type"].map(TYPE_VI)
    for column in ("watch", "on_current_list"):
        out[column] = out[column].map({"yes": "Có", "no": "Không"})
    return out.rename(columns=lambda column: _header_vi(column, rules))


def _formats(table: pd.DataFrame) -> dict[str, str]:
    """Number formats of the Vietnamese table's columns: tonnes and TOE with one decimal."""
    return {column: TONNES if ("tấn" in column or "TOE" in column or "Chênh lệch" in column)
            else WHOLE for column in table.columns
            if pd.api.types.is_float_dtype(table[column])}


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """Counts of facilities by type and district, per proposed change."""
    counts = (table.assign(n=1).pivot_table(index=["facility_type", "district"], columns="change",
                                            values="n", aggfunc="sum", fill_value=0)
              .reindex(columns=list(CHANGE_VI), fill_value=0))
    counts["total"] = counts.sum(axis=1)
    counts = counts.reset_index()
    counts["facility_type"] = counts["facility_type"].map(TYPE_VI)
    return counts.rename(columns={"facility_type": "Loại cơ sở", "district": "Địa bàn",
                                  "total": "Tổng", **CHANGE_VI})


def xlsx_bytes(result: Review) -> bytes:
    """The submission workbook."""
    table = result.table
    sheets = {
        "Bổ sung": table[table["change"] == "add"],
        "Loại bỏ": table[table["change"] == "remove"],
        "Cần xem xét": table[table["change"] == "review"],
        "Danh sách đầy đủ": table,
    }
    notes = pd.DataFrame({"Ghi chú": [
        f"Rà soát danh mục cơ sở phát thải KNK năm {result.year}, số liệu năm "
        f"{result.period[0]}-{result.period[-1]} (Nghị định 06/2022/NĐ-CP Điều 6; "
        "Nghị định 119/2025/NĐ-CP)", *result.notes]})
    book = {}
    for name, rows in sheets.items():
        shown = vietnamese(rows, result.criteria)
        book[name] = [Section("", shown, _formats(shown))]
    book["Tổng hợp"] = [Section("", summary(table))]
    book["Ghi chú"] = [Section("", notes)]
    return workbook_bytes(book)


def write_review(result: Review, out: Path) -> list[Path]:
    """Write ``review.csv`` and ``review.xlsx`` into ``out`` (new or empty; the folder appears
    whole, :func:`ghg.core.files.write_run`)."""
    files = {"review.csv": csv_bytes(result.table), "review.xlsx": xlsx_bytes(result)}
    return write_run(Path(out), files)
