"""The bad-input corpus across every command: each case changes one thing in a copy of ``base/``.

A case names the command it runs, the files it writes (or removes) in the copy, extra arguments,
the fragments its message must contain (file, location, value and fix) and its exit status.
``tests/integration/test_bad_input_corpus.py`` runs each in-process and checks that nothing was
written. The table by command is in README.md (regenerate the counts with
``python tests/bad_inputs/cases.py``).
"""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

INV = "inventory"
ACT = "inventory/activity"
SCN = "scenario"
HEADER = "source_id,year,category,activity,amount,unit\n"
GOOD_ROW = "province,2022,1.A.3.b,diesel,1000,t\n"
#: The arguments each command is run with, in the case's folder; ``out`` is the output.
COMMANDS = {
    "compute": ["compute", INV, "-o", "out"],
    "explain": ["explain", INV, "--source", "F1", "--year", "2022"],
    "review": ["review", INV, "--year", "2024", "-o", "out", "--lang", "en"],
    "report": ["report", INV, "-o", "out", "--draws", "20", "--lang", "en"],
    "scenario": ["scenario", SCN, "-o", "out"],
    "recompute": ["recompute", "run", "-o", "out"],
    "factors": ["factors", "diff", "vn", "myset", "-o", "out/diff.csv"],
}


@dataclass(frozen=True)
class Case:
    id: str
    command: str
    expected: tuple[str, ...]
    files: dict[str, str | bytes | Callable[[Path], None]] = field(default_factory=dict)
    delete: tuple[str, ...] = ()
    args: tuple[str, ...] = ()  # replace the command's arguments after the first
    extra: tuple[str, ...] = ()  # added to the command's arguments
    status: int = 2
    without: tuple[str, ...] = ()  # modules hidden, as if not installed

    def argv(self) -> list[str]:
        base = COMMANDS[self.command]
        argv = [base[0], *self.args] if self.args else [*base, *self.extra]
        # review and report default to Vietnamese, like their workbooks: the corpus is English
        return [*argv, "--lang", "en"] if "--lang" not in argv else argv


def energy(*rows: str, header: str = HEADER) -> str:
    return header + "".join(r + "\n" for r in rows)


def workbook(*sheets: tuple[str, list[list], str]) -> Callable[[Path], None]:
    """An XLSX writer: (title, rows, state) per sheet; state visible, hidden or veryHidden."""

    def write(path: Path) -> None:
        import openpyxl

        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows, state in sheets:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(row)
            sheet.sheet_state = state
        book.save(path)

    return write


def renamed_zip(path: Path) -> None:
    """A zip that is not a workbook (e.g. a .docx renamed .xlsx)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")


ROWS = [["source_id", "year", "category", "activity", "amount", "unit"],
        ["province", 2022, "1.A.3.b", "diesel", 1000, "t"]]
CP1258 = "Cà Mau".encode("cp1258")  # à is byte 0xe0, not UTF-8
BOM = b"\xef\xbb\xbf"
TOML = "inventory/inventory.toml"
BASE_TOML = ('name = "corpus base"\ngwp = "AR5"\naggregate_sources = ["province"]\n'
             'climate_zone = "tropical_wet"\nipcc_region = "south_east_asia"\n')


def toml(extra: str) -> dict[str, str]:
    """inventory.toml with ``extra`` lines appended."""
    return {TOML: BASE_TOML + extra}


SCENARIO_TOML = ('name = "corpus base scenario"\ninventory = "../inventory"\nbase_year = 2022\n'
                 'horizon = 2035\n\n[target]\nyear = 2030\npct = 9.0\nsource = "corpus"\n')
MEASURE = ('[[measure]]\nid = "efficiency"\nname_vi = "Tiết kiệm năng lượng"\n'
           'name_en = "Energy efficiency"\neffect = "activity_reduction"\n'
           'categories = ["1.A.2"]\nactivity = "diesel"\nreduction = 0.1\nstart = 2025\n'
           'uptake = [[2025, 0.1], [2030, 0.5]]\nsource = "estimate: corpus"\n')
BAU = ('[default]\nrule = "growth_as"\ndriver = "population"\nelasticity = 1.0\n'
       'source = "estimate: corpus"\n')


def scenario(text: str) -> dict[str, str]:
    return {"scenario/scenario.toml": text}


def measure(old: str, new: str) -> dict[str, str]:
    assert old in MEASURE
    return {"scenario/measures.toml": MEASURE.replace(old, new)}


def bau(old: str, new: str) -> dict[str, str]:
    assert old in BAU
    return {"scenario/bau.toml": BAU.replace(old, new)}


CRITERIA_HEADER = ("rule_id,metric,comparison,threshold,unit,facility_types,scopes,period_rule,"
                   "enabled,valid_from,valid_to,legal_source,article,note\n")


def criteria(row: str, header: str = CRITERIA_HEADER) -> dict[str, str]:
    return {"criteria.csv": header + row + "\n"}


CRITERION = ("emissions,emissions_co2e_t,>=,3000,t CO2e/yr,*,1;2,any_year,true,2022-01-07,,"
             "Decree 06/2022/ND-CP,Art. 6,corpus")
PREVIOUS = "previous.csv"


def factor_set(**files: str | bytes) -> dict[str, str | bytes]:
    """A factor-set folder ``myset`` (for ``factors diff``) with a valid table by default."""
    out: dict[str, str | bytes] = {
        "myset/set.toml": 'name = "myset"\ntitle = "corpus set"\n',
        "myset/grid.csv": FACTOR_HEADER + FACTOR_ROW,
        "myset/grid.toml": 'title = "grid"\ndocument = "corpus"\n',
    }
    out.update({f"myset/{k.replace('__', '.')}": v for k, v in files.items()})
    return out


FACTOR_HEADER = ("activity,category,parameter,gas,value,unit,year_from,year_to,lower,upper,"
                 "source_id,document,table,page,note\n")
FACTOR_ROW = "grid_electricity,*,ef,CO2,0.7,t CO2/MWh,2022,2023,,,,corpus,Table 1,1,\n"


def _cases() -> list[Case]:
    c: list[Case] = []
    add = c.append
    # ---- activity tables in an inventory folder -------------------------------------------
    e = "energy.csv"
    add(Case("activity-bom-only", "compute", ("activity/energy.csv: file is empty",),
             {f"{ACT}/{e}": BOM}))
    add(Case("activity-zero-bytes", "compute", ("activity/energy.csv: file is empty",),
             {f"{ACT}/{e}": b""}))
    add(Case("activity-blank-lines", "compute", ("activity/energy.csv: file is empty",),
             {f"{ACT}/{e}": "\n\n  \n"}))
    add(Case("activity-cp1258", "compute",
             ("activity/energy.csv:3: byte 0xe0 is not UTF-8; the file looks like CP1258",
              "iconv -f CP1258 -t UTF-8"),
             {f"{ACT}/{e}": HEADER.encode() + b"province,2022,1.A.3.b,diesel,1000,t" + b"\n"
              + b"Tr" + CP1258 + b",2022,1.A.2,diesel,5,t\n"}))
    add(Case("activity-unquoted-decimal-comma", "compute",
             ("activity/energy.csv:2: row: has 7 cells, the header 6; a comma inside a cell "
              "splits it (a decimal comma such as 161,5, or a note): write 161.5, or put the "
              'cell in double quotes ("161,5")',),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,161,5,t")}))
    add(Case("activity-utf16-without-bom", "compute",
             ("activity/energy.csv:1: has NUL bytes; the file looks like UTF-16 without a "
              "byte-order mark", "iconv -f UTF-16LE -t UTF-8"),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,161,t").replace(",", "\t")
              .encode("utf-16-le")}))
    add(Case("activity-xls", "compute",
             ("activity/old.xls: an Excel 97-2003 workbook is not read; expected .xlsx: open it "
              "in Excel and save as .xlsx (Excel Workbook)",), {f"{ACT}/old.xls": b"\xd0\xcf"}))
    add(Case("activity-unknown-type", "compute",
             ("activity/notes.txt: a .txt file is not an activity table; expected .csv, .xlsx "
              "or .xlsm files only in activity/ (move other files out of it)",),
             {f"{ACT}/notes.txt": "to do"}))
    add(Case("activity-ods", "compute",
             ("activity/energy.ods: a .ods file is not an activity table; expected .csv, .xlsx "
              "or .xlsm",), {f"{ACT}/energy.ods": b"PK"}))
    add(Case("activity-corrupt-xlsx", "compute",
             ("activity/energy2.xlsx: not a readable .xlsx workbook (File is not a zip file); "
              "expected a workbook saved by Excel or LibreOffice as .xlsx",),
             {f"{ACT}/energy2.xlsx": b"this is not a workbook"}))
    add(Case("activity-csv-named-xlsx", "compute",
             ("activity/energy2.xlsx: not a readable .xlsx workbook",),
             {f"{ACT}/energy2.xlsx": HEADER + GOOD_ROW}))
    add(Case("activity-zip-not-workbook", "compute",
             ("activity/energy2.xlsx: not a readable .xlsx workbook",),
             {f"{ACT}/energy2.xlsx": renamed_zip}))
    add(Case("activity-hidden-sheet", "compute",
             ("activity/book.xlsx[old]: sheet is hidden; its rows would be counted without being "
              "seen: unhide it, delete it, or rename it to start with '_' (a notes sheet)",),
             {f"{ACT}/book.xlsx": workbook(("energy", ROWS, "visible"), ("old", ROWS, "hidden"))}))
    add(Case("activity-very-hidden-sheet", "compute",
             ("activity/book.xlsx[x]: sheet is hidden",),
             {f"{ACT}/book.xlsx": workbook(("energy", ROWS, "visible"),
                                           ("x", ROWS, "veryHidden"))}))
    add(Case("activity-xlsx-empty-sheet", "compute",
             ("activity/book.xlsx[energy]: sheet is empty",),
             {f"{ACT}/book.xlsx": workbook(("energy", [], "visible"))}))
    add(Case("activity-duplicate-column", "compute",
             ("activity/energy.csv:1: header: column 'amount' appears twice (columns 5 and 7); "
              "expected each column once (names are matched ignoring case and spaces)",),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,1000,t,5",
                                   header="source_id,year,category,activity,amount,unit,"
                                          "amount\n")}))
    add(Case("activity-case-variant-column", "compute",
             ("activity/energy.csv:1: header: column 'Amount' appears twice (columns 5 and 7)",),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,1000,t,5",
                                   header="source_id,year,category,activity,amount,unit,"
                                          "Amount\n")}))
    add(Case("activity-space-variant-column", "compute",
             ("activity/energy.csv:1: header: column 'unit ' appears twice (columns 6 and 7)",),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,1000,t,kg",
                                   header="source_id,year,category,activity,amount,unit,"
                                          "unit \n")}))
    add(Case("activity-xlsx-duplicate-column", "compute",
             ("activity/book.xlsx[energy]:1: header: column 'YEAR' appears twice (columns 2 "
              "and 7)",),
             {f"{ACT}/book.xlsx": workbook(("energy", [ROWS[0] + ["YEAR"], ROWS[1] + [2023]],
                                            "visible"))}))
    add(Case("activity-amount-1e308", "compute",
             ("activity/energy.csv:3: amount: '1e308' is implausibly large for a mass",
              "check the unit and the decimal separator"),
             {f"{ACT}/{e}": energy(GOOD_ROW.strip(), "province,2023,1.A.3.b,diesel,1e308,t")}))
    add(Case("activity-amount-overflow", "compute",
             ("activity/energy.csv:2: amount: '1e400' is not a finite number",),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,1e400,t")}))
    add(Case("activity-amount-inf", "compute",
             ("activity/energy.csv:2: amount: 'inf' is not a finite number",),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,inf,t")}))
    add(Case("activity-amount-minus-inf", "compute",
             ("activity/energy.csv:2: amount: '-Infinity' is not a finite number",),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,-Infinity,t")}))
    add(Case("activity-amount-absurd-kwh", "compute",
             ("activity/energy.csv:2: amount: '2e16' is implausibly large for an energy: above "
              "1e+12 MWh (over 30 times world electricity generation in a year",),
             {f"{ACT}/{e}": energy("province,2022,1.A,grid_electricity,2e16,kWh")}))
    add(Case("activity-amount-absurd-head", "compute",
             ("activity/energy.csv:2: amount: '5000000000000' is implausibly large for a number of animals: "
              "above 1e+12 head",),
             {f"{ACT}/{e}": energy("province,2022,3.A.1,other_cattle,5000000000000,head")}))
    add(Case("activity-amount-xlsx-1e308", "compute",
             ("activity/book.xlsx[energy]:2: amount: '1000000000", "is implausibly large for a mass"),
             {f"{ACT}/book.xlsx": workbook(("energy", [ROWS[0], ROWS[1][:4] + [1e308, "t"]],
                                            "visible"))}))
    add(Case("activity-unknown-activity", "compute",
             ("activity/energy.csv:2: activity: 'disel' is not a known activity key; did you "
              "mean 'diesel' (Gas/Diesel Oil / Dầu diesel (DO))?",), {f"{ACT}/{e}": energy("province,2022,1.A.3.b,disel,10,t")}))
    add(Case("activity-unit-mt", "compute",
             ("activity/energy.csv:2: unit: 'mt'",),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,10,mt")}))
    add(Case("activity-missing-column", "compute",
             ("activity/energy.csv:1: header: column 'unit' is missing",),
             {f"{ACT}/{e}": "source_id,year,category,activity,amount\nprovince,2022,1.A,diesel,1\n"}))
    add(Case("activity-ambiguous-thousands", "compute",
             ("activity/energy.csv:2: amount: '120.000' can be read two ways",),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,120.000,t")}))
    add(Case("activity-year-1800", "compute",
             ("activity/energy.csv:2: year: '1800' is outside the factor library's range",),
             {f"{ACT}/{e}": energy("province,1800,1.A.3.b,diesel,10,t")}))
    add(Case("activity-no-tables", "compute",
             ("activity: no activity tables; expected .csv or .xlsx files",),
             delete=(f"{ACT}/{e}",)))
    add(Case("activity-folder-missing", "compute",
             ("activity: no activity tables; expected .csv or .xlsx files",), delete=(ACT,)))
    add(Case("path-missing", "compute",
             ("nowhere: no such file or folder; expected an inventory folder",),
             args=("nowhere", "-o", "out")))
    add(Case("activity-file-empty-direct", "compute",
             ("empty.csv: file is empty",), {"empty.csv": BOM},
             args=("empty.csv", "-o", "out")))
    add(Case("activity-xls-direct", "compute",
             ("old.xls: an Excel 97-2003 workbook is not read; expected .xlsx",),
             {"old.xls": b"\xd0\xcf\x11\xe0"}, args=("old.xls", "-o", "out")))
    add(Case("activity-txt-direct", "compute",
             ("data.txt: a .txt file is not an activity table; expected .csv, .xlsx or .xlsm",),
             {"data.txt": HEADER + GOOD_ROW}, args=("data.txt", "-o", "out")))
    add(Case("activity-hidden-sheet-direct", "compute",
             ("book.xlsx[old]: sheet is hidden",),
             {"book.xlsx": workbook(("energy", ROWS, "visible"), ("old", ROWS, "hidden"))},
             args=("book.xlsx", "-o", "out")))
    add(Case("activity-corrupt-xlsx-direct", "compute",
             ("book.xlsx: not a readable .xlsx workbook",), {"book.xlsx": b"\x00\x01"},
             args=("book.xlsx", "-o", "out")))
    # files skipped with a warning: the run goes on (status 0) and says what it skipped
    add(Case("activity-lock-file-skipped", "compute",
             ("warning: activity/~$energy.xlsx skipped: an Excel lock file (the workbook is open "
              "in Excel); close Excel before computing",),
             {f"{ACT}/~$energy.xlsx": b"\x00lock"}, status=0))
    add(Case("activity-dotfile-skipped", "compute",
             ("warning: activity/.DS_Store skipped: a hidden file",),
             {f"{ACT}/.DS_Store": b"\x00"}, status=0))
    # ---- inventory.toml --------------------------------------------------------------------
    t = "inventory.toml"
    add(Case("toml-missing", "compute", ("inventory: inventory.toml is missing",),
             delete=(TOML,)))
    add(Case("toml-is-folder", "compute", ("inventory.toml is missing",),
             {f"{TOML}/x": "a"}, delete=(TOML,)))
    add(Case("toml-syntax", "compute", (f"{t}: not valid TOML (Expected '=' after a key in a "
                                         "key/value pair (at line 1, column 6))",),
             {TOML: "name \"x\"\n"}))
    add(Case("toml-not-utf8", "compute", (f"{t}:1: not valid TOML: byte 0xe0 is not UTF-8",),
             {TOML: b'name = "' + CP1258 + b'"\n'}))
    add(Case("toml-empty", "compute", (f"{t}: name: is missing; expected e.g. "
                                        'name = "Ben Tre"',), {TOML: ""}))
    add(Case("toml-unknown-key", "compute",
             (f"{t}:6: grid_ef_falback: is not a known key; did you mean 'grid_ef_fallback'?",),
             toml('grid_ef_falback = "latest"\n')))
    add(Case("toml-unknown-key-factor", "compute",
             (f"{t}:6: factor: is not a known key; did you mean 'factors'?",),
             toml('factor = ["vn"]\n')))
    add(Case("toml-unknown-key-no-match", "compute",
             (f"{t}:6: colour: is not a known key; expected one of ",), toml('colour = "red"\n')))
    add(Case("toml-unknown-key-waste-history", "compute",
             (f"{t}:7: waste_history.rul: is not a known key; did you mean 'rule'?",),
             toml('[waste_history]\nrul = "constant"\n')))
    add(Case("toml-waste-history-delay", "compute",
             (f"{t}: waste_history.delay_months: 12 is outside 0-6",),
             toml('[waste_history]\nrule = "constant"\nstart = 1950\ndelay_months = 12\n')))
    add(Case("toml-waste-history-rule", "compute",
             (f"{t}: waste_history.rule: 'linear' is not a deposit-history rule; expected one of "
              "population, constant, site_opened, none",),
             toml('[waste_history]\nrule = "linear"\n')))
    add(Case("toml-waste-history-start-text", "compute",
             (f"{t}: waste_history.start: 'long ago' is not a year",),
             toml('[waste_history]\nrule = "constant"\nstart = "long ago"\n')))
    add(Case("toml-waste-history-not-table", "compute",
             (f"{t}: waste_history: 'constant' is not valid: expected a table ([waste_history] with its "
              "keys)",), toml('waste_history = "constant"\n')))
    add(Case("toml-gwp-unknown", "compute", (f"{t}: gwp: ", "AR3"), toml('gwp = "AR3"\n')
             | {TOML: BASE_TOML.replace('gwp = "AR5"', 'gwp = "AR3"')}))
    add(Case("toml-factors-string", "compute", (f"{t}: factors: ", 'expected a list, e.g. ["a", "b"]'),
             {TOML: BASE_TOML + 'factors = "vn"\n'}))
    add(Case("toml-factors-unknown", "compute",
             (f"{t}: factors: factor set 'nonexistent' not found: neither a built-in set (density, "
              "ipcc2006, ipcc2019, vn, vn2626, wetlands2013) nor a folder inventory/nonexistent (paths "
              "are relative to the inventory folder)",),
             {TOML: BASE_TOML + 'factors = ["nonexistent"]\n'}))
    add(Case("toml-factors-relative-missing", "compute",
             ("factor set './myset' not found",), {TOML: BASE_TOML + 'factors = ["./myset"]\n'},
             args=("inventory", "-o", "out")))
    add(Case("toml-grid-fallback", "compute", (f"{t}: grid_ef_fallback: ", "'none' or 'latest'"),
             {TOML: BASE_TOML + 'grid_ef_fallback = "previous"\n'}))
    add(Case("toml-number-format", "compute", (f"{t}: number_format: ", "'vi' or 'en'"),
             {TOML: BASE_TOML + 'number_format = "fr"\n'}))
    add(Case("toml-aggregate-string", "compute", (f"{t}: aggregate_sources: ",),
             {TOML: BASE_TOML.replace('["province"]', '"province"')}))
    add(Case("toml-years-out-of-range", "compute",
             (f"{t}: years: 1800 is outside the factor library's range; expected years from "
              "1990 to 2050",), {TOML: BASE_TOML + "years = [1800, 2022]\n"}))
    add(Case("toml-years-text", "compute", (f"{t}: years.0: ",),
             {TOML: BASE_TOML + 'years = ["twenty"]\n'}))
    add(Case("toml-climate-zone", "compute",
             (f"{t}: climate_zone: 'tropical' is not a climate zone; did you mean 'tropical_wet'?",),
             {TOML: BASE_TOML.replace("tropical_wet", "tropical")}))
    add(Case("toml-ipcc-region", "compute",
             (f"{t}: ipcc_region: 'southeast_asia' is not an IPCC region; did you mean "
              "'south_east_asia'?",),
             {TOML: BASE_TOML.replace("south_east_asia", "southeast_asia")}))
    add(Case("toml-name-empty", "compute", (f"{t}: name: ",),
             {TOML: BASE_TOML.replace('"corpus base"', '""')}))
    add(Case("toml-duplicate-key", "compute", (f"{t}: not valid TOML",),
             {TOML: BASE_TOML + 'gwp = "AR6"\n'}))
    add(Case("toml-unknown-key-explain", "explain",
             (f"{t}:6: gpw: is not a known key; did you mean 'gwp'?",), toml('gpw = "AR6"\n')))
    add(Case("toml-unknown-key-review", "review",
             (f"{t}:6: agregate_sources: is not a known key; did you mean 'aggregate_sources'?",),
             toml('agregate_sources = ["x"]\n')))
    add(Case("toml-unknown-key-report", "report",
             (f"{t}:6: climate_zones: is not a known key; did you mean 'climate_zone'?",),
             toml('climate_zones = "x"\n')))
    # ---- inventory-level tables (each read by every command that reads the folder) ---------
    tables = {
        "uncertainty.csv": ("category,gas,u_activity_pct,u_factor_pct\n", "1.A.2,CO2,5,2.5\n"),
        "notation_keys.csv": ("category,gas,key,explanation\n", "1.A.1,*,NO,none\n"),
        "fuel_supply.csv": ("fuel,year,co2_t\n", "diesel,2022,3500\n"),
        "manure_systems.csv": ("activity,system,share,region,source\n",
                               "swine,pit_storage,1.0,,corpus\n"),
        "wastewater_pathways.csv": ("income_group,pathway,share,source\n",
                                    "urban,septic_tank,1.0,corpus\n"),
        "population.csv": ("year,population\n", "2022,1000000\n"),
        "indicators.csv": ("indicator,year,value,unit,source\n",
                           "forest_cover,2022,2.0,%,corpus\n"),
        "energy_memo.csv": ("year,item,amount,unit,source\n",
                            "2022,wind_generation,1000,MWh,corpus\n"),
        "facilities.csv": ("facility_id,name,facility_type,on_current_list\n",
                           "F1,Plant,industrial,no\n"),
    }
    for name, (header, row) in tables.items():
        stem = name.removesuffix(".csv").replace("_", "-")
        path = f"{INV}/{name}"
        add(Case(f"{stem}-zero-bytes", "compute", (f"{name}: file is empty; expected a header "
                                                    "line",), {path: b""}))
        add(Case(f"{stem}-bom-only", "compute", (f"{name}: file is empty",), {path: BOM}))
        add(Case(f"{stem}-cp1258", "compute",
                 (f"{name}:2: byte 0x", "is not UTF-8", "CSV UTF-8"),
                 {path: header.encode() + CP1258 + b"," + row.encode()}))
        add(Case(f"{stem}-extra-field", "compute",
                 (f"{name}:2: row has {header.count(',') + 3} fields, the header "
                  f"{header.count(',') + 1}; expected one value per column (quote values "
                  'that contain a comma, e.g. "161,5")',),
                 {path: header + row.strip() + ",161,5\n"}))
        first = header.split(",")[0]
        add(Case(f"{stem}-duplicate-column", "compute",
                 (f"{name}:1: header: column '{first.upper()}' appears twice",),
                 {path: header.strip() + f",{first.upper()}\n" + row.strip() + ",x\n"}))
    add(Case("uncertainty-missing-column", "compute",
             ("uncertainty.csv:1: header: column 'u_factor_pct' is missing",),
             {f"{INV}/uncertainty.csv": "category,gas,u_activity_pct\n1.A.2,CO2,5\n"}))
    add(Case("uncertainty-text", "compute",
             ("uncertainty.csv:2: u_activity_pct: 'five' is not a number",),
             {f"{INV}/uncertainty.csv": "category,gas,u_activity_pct,u_factor_pct\n"
                                        "1.A.2,CO2,five,2.5\n"}))
    add(Case("uncertainty-negative", "compute",
             ("uncertainty.csv:2: u_factor_pct: '-2.5' is negative; expected a value >= 0",),
             {f"{INV}/uncertainty.csv": "category,gas,u_activity_pct,u_factor_pct\n"
                                        "1.A.2,CO2,5,-2.5\n"}))
    add(Case("uncertainty-infinite", "compute",
             ("uncertainty.csv:2: u_activity_pct: 'inf' is not a finite number",),
             {f"{INV}/uncertainty.csv": "category,gas,u_activity_pct,u_factor_pct\n"
                                        "1.A.2,CO2,inf,2.5\n"}))
    add(Case("fuel-supply-missing-column", "compute",
             ("fuel_supply.csv:1: header: column 'co2_t' is missing",),
             {f"{INV}/fuel_supply.csv": "fuel,year\ndiesel,2022\n"}))
    add(Case("fuel-supply-year-text", "compute",
             ("fuel_supply.csv:2: year: '2022a' is not an integer year",),
             {f"{INV}/fuel_supply.csv": "fuel,year,co2_t\ndiesel,2022a,3500\n"}))
    add(Case("fuel-supply-vietnamese-number", "compute",
             ("fuel_supply.csv:2: co2_t: '3.500,5' uses '.' for thousands and ',' for decimals",),
             {f"{INV}/fuel_supply.csv": 'fuel,year,co2_t\ndiesel,2022,"3.500,5"\n'}))
    add(Case("fuel-supply-absurd", "compute",
             ("fuel_supply.csv:2: co2_t: '1e300' is implausibly large",),
             {f"{INV}/fuel_supply.csv": "fuel,year,co2_t\ndiesel,2022,1e300\n"}))
    add(Case("facilities-missing-column", "compute",
             ("facilities.csv:1: header: column 'facility_type' is missing",),
             {f"{INV}/facilities.csv": "facility_id,name,on_current_list\nF1,Plant,no\n"}))
    add(Case("facilities-type", "compute",
             ("facilities.csv:2: facility_type: 'factory' is not a facility type; expected one "
              "of thermal_power",),
             {f"{INV}/facilities.csv": "facility_id,name,facility_type,on_current_list\n"
                                       "F1,Plant,factory,no\n"}))
    add(Case("facilities-yes-no", "compute",
             ("facilities.csv:2: on_current_list: 'maybe' is not yes or no",),
             {f"{INV}/facilities.csv": "facility_id,name,facility_type,on_current_list\n"
                                       "F1,Plant,industrial,maybe\n"}))
    add(Case("facilities-duplicate-id", "compute",
             ("facilities.csv:3: facility_id: 'F1' duplicates line 2",),
             {f"{INV}/facilities.csv": "facility_id,name,facility_type,on_current_list\n"
                                       "F1,Plant,industrial,no\nF1,Other,industrial,no\n"}))
    add(Case("facilities-capacity-text", "compute",
             ("facilities.csv:2: waste_capacity_t_per_yr: 'lots' is not a number",),
             {f"{INV}/facilities.csv": "facility_id,name,facility_type,on_current_list,"
                                       "waste_capacity_t_per_yr\nF1,Plant,industrial,no,lots\n"}))
    add(Case("facilities-capacity-negative", "compute",
             ("facilities.csv:2: waste_capacity_t_per_yr: '-5' is negative",),
             {f"{INV}/facilities.csv": "facility_id,name,facility_type,on_current_list,"
                                       "waste_capacity_t_per_yr\nF1,Plant,industrial,no,-5\n"}))
    add(Case("facilities-capacity-inf", "compute",
             ("facilities.csv:2: waste_capacity_t_per_yr: 'inf' is not a finite number",),
             {f"{INV}/facilities.csv": "facility_id,name,facility_type,on_current_list,"
                                       "waste_capacity_t_per_yr\nF1,Plant,industrial,no,inf\n"}))
    add(Case("activity-source-unregistered-report", "report",
             ("activity/energy.csv:4: source_id: 'F9' is not in facilities.csv; expected a "
              "registered facility_id",),
             {f"{ACT}/energy.csv": energy("province,2022,1.A.3.b,diesel,1000,t",
                                          "province,2023,1.A.3.b,diesel,1100,t",
                                          "F9,2023,1.A.2,diesel,10,t")}, status=2))
    add(Case("facilities-missing-for-review", "review",
             ("inventory/facilities.csv: facility register not found; expected facilities.csv "
              "with facility_id, name, facility_type, on_current_list",),
             delete=(f"{INV}/facilities.csv",)))
    add(Case("facilities-empty-review", "review", ("facilities.csv: file is empty",),
             {f"{INV}/facilities.csv": BOM}))
    add(Case("notation-keys-bad-key", "report",
             ("notation_keys.csv:2: key: 'XX'",),
             {f"{INV}/notation_keys.csv": "category,gas,key,explanation\n1.A.1,*,XX,none\n"}))
    add(Case("indicators-unknown-report", "report",
             ("indicators.csv:2: indicator: 'forest_covr' is not a known indicator",
              "did you mean 'forest_cover'?"),
             {f"{INV}/indicators.csv": "indicator,year,value,unit,source\n"
                                       "forest_covr,2022,2.0,%,corpus\n"}))
    add(Case("indicators-unit-report", "report",
             ("indicators.csv:2: unit: 'percent' is not the unit of forest_cover; expected '%'",),
             {f"{INV}/indicators.csv": "indicator,year,value,unit,source\n"
                                       "forest_cover,2022,2.0,percent,corpus\n"}))
    add(Case("indicators-value-text", "compute",
             ("indicators.csv:2: value: 'two' is not a number",),
             {f"{INV}/indicators.csv": "indicator,year,value,unit,source\n"
                                       "forest_cover,2022,two,%,corpus\n"}))
    add(Case("energy-memo-unit-report", "report",
             ("energy_memo.csv:2: unit: 't' is not an electricity unit; expected kWh, MWh or GWh",),
             {f"{INV}/energy_memo.csv": "year,item,amount,unit,source\n"
                                        "2022,wind_generation,1000,t,corpus\n"}))
    add(Case("uncertainty-cp1258-report", "report", ("uncertainty.csv:2: byte 0x",),
             {f"{INV}/uncertainty.csv": b"category,gas,u_activity_pct,u_factor_pct,note\n"
                                        b"1.A.2,CO2,5,2.5," + CP1258 + b"\n"}))
    # ---- scenario folder -------------------------------------------------------------------
    s = "scenario.toml"
    add(Case("scenario-toml-missing", "scenario", (f"{s}: not found",),
             delete=("scenario/scenario.toml",)))
    add(Case("scenario-toml-syntax", "scenario", (f"{s}: not valid TOML",),
             scenario("name = \n")))
    add(Case("scenario-toml-not-utf8", "scenario", (f"{s}:1: not valid TOML: byte 0xe0",),
             scenario('name = "' + "x" + '"\n') | {"scenario/scenario.toml":
                                                  b'name = "' + CP1258 + b'"\n'}))
    add(Case("scenario-unknown-key", "scenario",
             (f"{s}:3: base_yaer: is not a known key; did you mean 'base_year'?",),
             scenario(SCENARIO_TOML.replace("base_year", "base_yaer"))))
    add(Case("scenario-unknown-target-key", "scenario",
             (f"{s}:8: target.pctt: is not a known key; did you mean 'pct'?",),
             scenario(SCENARIO_TOML.replace("pct =", "pctt ="))))
    add(Case("scenario-unknown-files-key", "scenario",
             (f"{s}:12: files.measure: is not a known key; did you mean 'measures'?",),
             scenario(SCENARIO_TOML + '\n[files]\nmeasure = "m.toml"\n')))
    add(Case("scenario-target-150", "scenario",
             (f"{s}: target.pct: 150 is outside 0-100; expected the % below BAU, e.g. 9.0",),
             scenario(SCENARIO_TOML.replace("pct = 9.0", "pct = 150"))))
    add(Case("scenario-target-negative", "scenario",
             (f"{s}: target.pct: -9 is outside 0-100",),
             scenario(SCENARIO_TOML.replace("pct = 9.0", "pct = -9"))))
    add(Case("scenario-target-text", "scenario",
             (f"{s}: target.pct: 'nine' is not a number; expected the % below BAU, e.g. 9.0",),
             scenario(SCENARIO_TOML.replace("pct = 9.0", 'pct = "nine"'))))
    add(Case("scenario-target-nan", "scenario", (f"{s}: target.pct: nan is not a finite number",),
             scenario(SCENARIO_TOML.replace("pct = 9.0", "pct = nan"))))
    add(Case("scenario-target-year-before-base", "scenario",
             (f"{s}: target.year: 2020 is not after base_year 2022; expected a year from 2023 "
              "to the horizon 2035",),
             scenario(SCENARIO_TOML.replace("year = 2030", "year = 2020"))))
    add(Case("scenario-target-year-after-horizon", "scenario",
             (f"{s}: target.year: 2040 is after the horizon 2035",),
             scenario(SCENARIO_TOML.replace("year = 2030", "year = 2040"))))
    add(Case("scenario-base-year-text", "scenario",
             (f"{s}: base_year: '2020a' is not a year",),
             scenario(SCENARIO_TOML.replace("base_year = 2022", 'base_year = "2020a"'))))
    add(Case("scenario-horizon-text", "scenario", (f"{s}: horizon: 'later' is not a year",),
             scenario(SCENARIO_TOML.replace("horizon = 2035", 'horizon = "later"'))))
    add(Case("scenario-horizon-before-base", "scenario",
             (f"{s}: horizon: 2021 is not after base_year 2022",),
             scenario(SCENARIO_TOML.replace("horizon = 2035", "horizon = 2021"))))
    add(Case("scenario-year-float", "scenario", (f"{s}: base_year: '2022.5' is not a year; expected an integer such as 2030",),
             scenario(SCENARIO_TOML.replace("base_year = 2022", "base_year = 2022.5"))))
    add(Case("scenario-inventory-missing", "scenario",
             (f"{s}: inventory: '../nowhere' is not an inventory folder",),
             scenario(SCENARIO_TOML.replace("../inventory", "../nowhere"))))
    add(Case("scenario-inventory-not-text", "scenario",
             (f"{s}: inventory: '5' is not a folder path; expected e.g. inventory = ",),
             scenario(SCENARIO_TOML.replace('"../inventory"', "5"))))
    add(Case("scenario-target-not-table", "scenario", (f"{s}: target: '9' is not a table; expected [target] with its keys",),
             scenario(SCENARIO_TOML.split("[target]")[0] + "target = 9\n")))
    add(Case("scenario-base-year-not-in-data", "scenario",
             ("base_year 2019 is not an inventory year",),
             scenario(SCENARIO_TOML.replace("base_year = 2022", "base_year = 2019"))))
    add(Case("bau-missing", "scenario", ("bau.toml: not found",), delete=("scenario/bau.toml",)))
    add(Case("bau-unknown-key", "scenario",
             ("bau.toml:4: default.elasticty: is not a known key; did you mean 'elasticity'?",),
             bau("elasticity =", "elasticty =")))
    add(Case("bau-elasticity-text", "scenario",
             ("bau.toml: rule default: elasticity: 'high' is not a number",),
             bau("elasticity = 1.0", 'elasticity = "high"')))
    add(Case("bau-elasticity-range", "scenario",
             ("bau.toml: rule default: elasticity: 50 is outside -5 to 5",),
             bau("elasticity = 1.0", "elasticity = 50")))
    add(Case("bau-rule-unknown", "scenario",
             ("bau.toml: rule default: rule: 'grow' is not a projection rule",),
             bau('rule = "growth_as"', 'rule = "grow"')))
    add(Case("bau-series-text", "scenario",
             ("bau.toml: rule default: series: 'x' is not a list of [year, t CO2e] pairs",),
             bau('rule = "growth_as"', 'rule = "series"\nseries = "x"')))
    add(Case("bau-series-nan", "scenario",
             ("bau.toml: rule default: series: holds a value that is not a finite number",),
             bau('rule = "growth_as"', 'rule = "series"\nseries = [[2030, nan]]')))
    add(Case("bau-no-driver", "scenario",
             ("bau.toml: rule default: driver: is missing",),
             bau('driver = "population"\n', "")))
    add(Case("bau-rules-not-table", "scenario", ("bau.toml: rules: 'x' is not a table",),
             {"scenario/bau.toml": 'rules = "x"\n' + BAU}))
    add(Case("drivers-missing", "scenario", ("drivers.csv: not found",),
             delete=("scenario/drivers.csv",)))
    add(Case("drivers-empty", "scenario", ("drivers.csv: file is empty",),
             {"scenario/drivers.csv": b""}))
    add(Case("drivers-missing-column", "scenario",
             ("drivers.csv:1: header: column 'source' is missing",),
             {"scenario/drivers.csv": "year,driver,value,unit\n2022,population,100,index\n"}))
    add(Case("drivers-value-text", "scenario",
             ("drivers.csv:2: value: 'many' is not a positive number",),
             {"scenario/drivers.csv": "year,driver,value,unit,source\n"
                                      "2022,population,many,index,x\n"}))
    add(Case("drivers-year-text", "scenario",
             ("drivers.csv:2: year: '2022a' is not an integer year",),
             {"scenario/drivers.csv": "year,driver,value,unit,source\n"
                                      "2022a,population,100,index,x\n"}))
    add(Case("drivers-cp1258", "scenario", ("drivers.csv:2: byte 0x",),
             {"scenario/drivers.csv": b"year,driver,value,unit,source\n2022,population,100,"
                                      b"index," + CP1258 + b"\n"}))
    add(Case("drivers-extra-field", "scenario", ("drivers.csv:2: row has 6 fields",),
             {"scenario/drivers.csv": "year,driver,value,unit,source\n2022,population,161,5,"
                                      "index,x\n"}))
    add(Case("measures-missing", "scenario", ("measures.toml: not found",),
             delete=("scenario/measures.toml",)))
    add(Case("measures-unknown-key", "scenario",
             ("measures.toml:11: measure efficiency: uptak: is not a known key; did you mean "
              "'uptake'?",), measure("uptake =", "uptake = [[2025, 0.1]]\nuptak =")))
    add(Case("measures-reduction-2", "scenario",
             ("measures.toml: measure efficiency: reduction: '2.0' is outside 0-1",),
             measure("reduction = 0.1", "reduction = 2.0")))
    add(Case("measures-reduction-negative", "scenario",
             ("measures.toml: measure efficiency: reduction: '-0.5' is outside 0-1",),
             measure("reduction = 0.1", "reduction = -0.5")))
    add(Case("measures-reduction-text", "scenario",
             ("measures.toml: measure efficiency: reduction: 'half' is not a number",),
             measure("reduction = 0.1", 'reduction = "half"')))
    add(Case("measures-start-text", "scenario",
             ("measures.toml: measure efficiency: start: 'soon' is not a year",),
             measure("start = 2025", 'start = "soon"')))
    add(Case("measures-start-before-base", "scenario",
             ("measures.toml: measure efficiency: start: '2010' is before the base year 2022",),
             measure("start = 2025\nuptake = [[2025, 0.1], [2030, 0.5]]",
                     "start = 2010\nuptake = [[2010, 0.1], [2030, 0.5]]")))
    add(Case("measures-uptake-share", "scenario",
             ("measures.toml: measure efficiency: uptake: '2030: 1.5' share is outside 0-1",),
             measure("[2030, 0.5]", "[2030, 1.5]")))
    add(Case("measures-uptake-text", "scenario",
             ("measures.toml: measure efficiency: uptake:", "is not a list of [year, share] pairs"),
             measure("[2030, 0.5]", '[2030, "half"]')))
    add(Case("measures-uptake-order", "scenario",
             ("measures.toml: measure efficiency: uptake:", "years are not increasing"),
             measure("[[2025, 0.1], [2030, 0.5]]", "[[2030, 0.1], [2025, 0.5]]")))
    add(Case("measures-effect-unknown", "scenario",
             ("measures.toml: measure efficiency: effect: 'save' is not a measure effect",),
             measure('effect = "activity_reduction"', 'effect = "save"')))
    add(Case("measures-multiplier-negative", "scenario",
             ("measures.toml: measure efficiency: multiplier: '-1' is outside 0-1",),
             measure('effect = "activity_reduction"', 'effect = "ef_multiplier"\nmultiplier = -1')))
    add(Case("measures-duplicate-id", "scenario",
             ("measures.toml: measure efficiency: id: 'efficiency' is used twice",),
             {"scenario/measures.toml": MEASURE + "\n" + MEASURE}))
    add(Case("measures-categories-text", "scenario",
             ("measures.toml: measure efficiency: categories: '1.A.2' is not a list",),
             measure('categories = ["1.A.2"]', 'categories = "1.A.2"')))
    add(Case("measures-kwh-negative", "scenario",
             ("measures.toml: measure efficiency: kwh_per_mj: '-0.2' is negative",),
             measure('effect = "activity_reduction"',
                     'effect = "fuel_switch"\nto = "grid_electricity"\nkwh_per_mj = -0.2')))
    add(Case("measures-missing-source", "scenario",
             ("measures.toml: measure efficiency: source: is missing",),
             measure('source = "estimate: corpus"\n', "")))
    add(Case("scenario-inventory-bad", "scenario",
             ("inventory.toml:6: grid_ef_falback: is not a known key",),
             toml('grid_ef_falback = "latest"\n')))
    # ---- review ----------------------------------------------------------------------------
    add(Case("review-year-1800", "review",
             ("--year 1800: the review covers 1798-1799, outside the data (years 2022-2023) and "
              "before the criteria's first rule (in force from 2022-01-07); expected a year "
              "from 2023 to 2025",), args=(INV, "--year", "1800", "-o", "out")))
    add(Case("review-year-after-data", "review",
             ("--year 2030: the review covers 2028-2029, outside the data (years 2022-2023)",),
             args=(INV, "--year", "2030", "-o", "out")))
    add(Case("review-year-before-decree", "review",
             ("--year 2021: ", "outside the data (years 2022-2023)",
              "in force from 2022-01-07"),
             args=(INV, "--year", "2021", "-o", "out")))
    add(Case("review-criteria-missing", "review",
             ("--criteria nowhere.csv: no such file; expected a criteria table",),
             extra=("--criteria", "nowhere.csv")))
    add(Case("review-criteria-empty", "review", ("criteria.csv: file is empty",),
             {"criteria.csv": ""}, extra=("--criteria", "criteria.csv")))
    add(Case("review-criteria-missing-column", "review",
             ("criteria.csv:1: header: column 'metric' is missing",),
             criteria(CRITERION.replace("emissions_co2e_t,", ""),
                      CRITERIA_HEADER.replace("metric,", "")),
             extra=("--criteria", "criteria.csv")))
    add(Case("review-criteria-metric", "review",
             ("criteria.csv:2: metric: 'co2' is not known; expected one of emissions_co2e_t",),
             criteria(CRITERION.replace("emissions_co2e_t", "co2")),
             extra=("--criteria", "criteria.csv")))
    add(Case("review-criteria-threshold-text", "review",
             ("criteria.csv:2: threshold: '3k' is not a number",),
             criteria(CRITERION.replace("3000", "3k")), extra=("--criteria", "criteria.csv")))
    add(Case("review-criteria-threshold-negative", "review",
             ("criteria.csv:2: threshold: '-3000' is negative",),
             criteria(CRITERION.replace("3000", "-3000")), extra=("--criteria", "criteria.csv")))
    add(Case("review-criteria-period-rule", "review",
             ("criteria.csv:2: period_rule: 'max' is not known",),
             criteria(CRITERION.replace("any_year", "max")), extra=("--criteria", "criteria.csv")))
    add(Case("review-criteria-enabled", "review",
             ("criteria.csv:2: enabled: 'yes' is not true or false",),
             criteria(CRITERION.replace(",true,", ",yes,")), extra=("--criteria", "criteria.csv")))
    add(Case("review-criteria-date", "review",
             ("criteria.csv:2: valid_from: '07/01/2022' is not a date",),
             criteria(CRITERION.replace("2022-01-07", "07/01/2022")),
             extra=("--criteria", "criteria.csv")))
    add(Case("review-criteria-cp1258", "review", ("criteria.csv:2: byte 0x",),
             {"criteria.csv": CRITERIA_HEADER.encode() + CRITERION.encode()
              .replace(b"corpus", CP1258) + b"\n"}, extra=("--criteria", "criteria.csv")))
    add(Case("review-criteria-extra-field", "review", ("criteria.csv:2: row has 15 fields",),
             criteria(CRITERION + ",x"), extra=("--criteria", "criteria.csv")))
    add(Case("review-criteria-folder", "review", ("--criteria inventory: is a folder",),
             extra=("--criteria", "inventory")))
    add(Case("review-previous-missing", "review",
             ("--previous nowhere.csv: no such file; expected the review.csv of an earlier "
              "review",), extra=("--previous", "nowhere.csv")))
    add(Case("review-previous-empty", "review", ("previous.csv: file is empty",),
             {PREVIOUS: b""}, extra=("--previous", PREVIOUS)))
    add(Case("review-previous-missing-column", "review",
             ("previous.csv:1: header: column 'must_be_listed' is missing",),
             {PREVIOUS: "facility_id,name\nF1,x\n"}, extra=("--previous", PREVIOUS)))
    add(Case("review-previous-value", "review",
             ("previous.csv:2: must_be_listed: 'maybe' is not yes or no",),
             {PREVIOUS: "facility_id,must_be_listed\nF1,maybe\n"}, extra=("--previous", PREVIOUS)))
    add(Case("review-previous-duplicate", "review",
             ("previous.csv:3: facility_id: 'F1' duplicates line 2",),
             {PREVIOUS: "facility_id,must_be_listed\nF1,yes\nF1,no\n"},
             extra=("--previous", PREVIOUS)))
    add(Case("review-previous-cp1258", "review", ("previous.csv:2: byte 0x",),
             {PREVIOUS: b"facility_id,must_be_listed,name\nF1,yes," + CP1258 + b"\n"},
             extra=("--previous", PREVIOUS)))
    add(Case("review-previous-xlsx", "review",
             ("previous.xlsx: a .xlsx file is not a review.csv",),
             {"previous.xlsx": b"PK"}, extra=("--previous", "previous.xlsx")))
    # ---- recompute: run folders -------------------------------------------------------------
    add(Case("run-missing", "recompute", ("nowhere: not a run folder",),
             args=("nowhere", "-o", "out")))
    add(Case("run-no-provenance", "recompute", ("run: not a run folder (no provenance.json)",),
             delete=("run/provenance.json",)))
    add(Case("run-provenance-invalid-json", "recompute",
             ("run/provenance.json: not valid JSON (", "line 1"),
             {"run/provenance.json": "{\"gwp\": "}))
    add(Case("run-provenance-empty", "recompute", ("run/provenance.json: not valid JSON",),
             {"run/provenance.json": ""}))
    add(Case("run-provenance-list", "recompute",
             ("run/provenance.json: expected a JSON object written by ghg compute",),
             {"run/provenance.json": "[]"}))
    add(Case("run-provenance-missing-key", "recompute",
             ("run/provenance.json: 'options' is missing",),
             {"run/provenance.json": '{"source": "x", "inputs": {}, "gwp": {"set": "AR5"}}'}))
    add(Case("run-provenance-not-utf8", "recompute", ("run/provenance.json: not valid JSON",),
             {"run/provenance.json": b"{\"a\": \"" + CP1258 + b"\"}"}))
    add(Case("run-source-gone", "recompute",
             ("run/provenance.json: source", "no longer exists"),
             {"run/provenance.json": lambda p: _retarget(p, "/nonexistent/inventory")}))
    add(Case("run-emissions-missing", "recompute",
             ("run/emissions.csv: missing; expected the run's table written by ghg compute",),
             delete=("run/emissions.csv",)))
    add(Case("run-calculation-empty", "recompute",
             ("run/calculation.csv: empty; expected the run's table written by ghg compute",),
             {"run/calculation.csv": ""}))
    add(Case("run-provenance-gwp-not-object", "recompute",
             ("run/provenance.json: 'gwp' is not what ghg compute writes",),
             {"run/provenance.json": lambda p: _edit_json(p, "gwp", "AR5")}))
    add(Case("run-output-existing", "recompute", ("out: already holds",),
             {"out/provenance.json": "{}"}))
    add(Case("run-is-file", "recompute", ("afile: not a run folder",), {"afile": "x"},
             args=("afile", "-o", "out")))
    # ---- factor sets -------------------------------------------------------------------------
    add(Case("factors-set-unknown", "factors", ("factor set 'nope' not found",),
             args=("diff", "vn", "nope")))
    add(Case("factors-set-toml-unknown-key", "factors",
             ("myset/set.toml:2: titel: is not a known key; did you mean 'title' or 'title_vi'?",),
             factor_set(set__toml='name = "myset"\ntitel = "x"\n')))
    add(Case("factors-set-toml-syntax", "factors", ("myset/set.toml: not valid TOML",),
             factor_set(set__toml='name = \n')))
    add(Case("factors-table-toml-unknown-key", "factors",
             ("myset/grid.toml:2: documnet: is not a known key; did you mean 'document'?",),
             factor_set(grid__toml='title = "grid"\ndocumnet = "x"\n')))
    add(Case("factors-table-header", "factors", ("myset/grid.csv:1: header is",),
             factor_set(grid__csv="activity,value\ndiesel,1\n")))
    add(Case("factors-table-value", "factors",
             ("myset/grid.csv:2: value: 'x' is not valid; expected a number",),
             factor_set(grid__csv=FACTOR_HEADER + FACTOR_ROW.replace("0.7", "x"))))
    add(Case("factors-table-empty", "factors", ("myset/grid.csv: file is empty",),
             factor_set(grid__csv="")))
    add(Case("factors-table-cp1258", "factors", ("myset/grid.csv:2: byte 0x",),
             factor_set(grid__csv=FACTOR_HEADER.encode() + FACTOR_ROW.encode()
                        .replace(b"corpus", CP1258))))
    add(Case("factors-table-extra-field", "factors", ("myset/grid.csv:2: row has 16 fields",),
             factor_set(grid__csv=FACTOR_HEADER + FACTOR_ROW.strip() + ",x\n")))
    add(Case("factors-table-inf", "factors", ("myset/grid.csv:2: value: 'inf' is not valid",),
             factor_set(grid__csv=FACTOR_HEADER + FACTOR_ROW.replace("0.7", "inf"))))
    add(Case("factors-parameters-no-sidecar", "factors",
             ("myset/parameters/x.csv: no x.toml beside it",),
             factor_set(**{"parameters/x__csv": "a\n1\n"})))
    add(Case("factors-parameters-toml-unknown-key", "factors",
             ("myset/parameters/x.toml:1: dimension: is not a known key; did you mean "
              "'dimensions' or 'description'?",),
             factor_set(**{"parameters/x__csv": "a\n1\n",
                           "parameters/x__toml": 'dimension = ["gas"]\n'})))
    add(Case("local-factors-unknown-key", "compute",
             ("factors/set.toml:2: titel: is not a known key; did you mean 'title' or 'title_vi'?",),
             {f"{INV}/factors/set.toml": 'name = "local"\ntitel = "x"\n',
              f"{INV}/factors/grid.csv": FACTOR_HEADER + FACTOR_ROW,
              f"{INV}/factors/grid.toml": 'title = "grid"\n'}))
    add(Case("local-factors-bad-value", "compute",
             ("local/grid.csv:2: value: 'x' is not valid",),
             {f"{INV}/factors/set.toml": 'name = "local"\n',
              f"{INV}/factors/grid.csv": FACTOR_HEADER + FACTOR_ROW.replace("0.7", "x"),
              f"{INV}/factors/grid.toml": 'title = "grid"\n'}))
    # ---- options and output paths ------------------------------------------------------------
    add(Case("option-format", "compute", ("--format 'csv,xls': expected one or more of",),
             extra=("--format", "csv,xls")))
    add(Case("option-scheduler-without-dask", "compute",
             ("--scheduler threads: needs dask, which is not installed; install it with "
              "pip install 'ghg[scale]'",), extra=("--scheduler", "threads"),
             without=("dask",)))
    add(Case("option-scheduler-unknown", "compute",
             ("--scheduler thread: expected threads, processes, synchronous or the address of "
              "a dask.distributed scheduler (tcp://host:8786)",), extra=("--scheduler", "thread")))
    add(Case("output-existing-run", "compute", ("already holds",),
             {"out/provenance.json": "{}"}))
    add(Case("output-is-a-file", "compute",
             ("out: is a file; outputs are written into a new or empty folder (nothing was "
              "changed)",), {"out": "not a folder"}))
    add(Case("output-scenario-existing", "scenario",
             ("out: is a folder that holds files; outputs are written into a new or empty "
              "folder (nothing was changed)",),
             {"out/target.csv": "x"}))
    add(Case("explain-year-1800", "explain",
             ("explain: no activity rows for source 'F1', year 1800; expected a source and year "
              "present in the input (sources: 'F1', 'province')",),
             args=(INV, "--source", "F1", "--year", "1800")))
    add(Case("explain-activity-bad", "explain",
             ("activity/energy.csv:1: header: column 'Amount' appears twice",),
             {f"{ACT}/{e}": energy("province,2022,1.A.3.b,diesel,1000,t,5",
                                   header="source_id,year,category,activity,amount,unit,"
                                          "Amount\n")}))
    add(Case("report-hidden-sheet", "report", ("activity/book.xlsx[old]: sheet is hidden",),
             {f"{ACT}/book.xlsx": workbook(("energy", ROWS, "visible"), ("old", ROWS, "hidden"))}))
    add(Case("report-draws-negative", "report", ("--draws -5: expected a number of draws >= 2 (e.g. 10000)",),
             extra=("--draws", "-5")))
    return c


def _edit_json(path: Path, key: str, value: object) -> None:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    data[key] = value
    path.write_text(json.dumps(data), encoding="utf-8")


def _retarget(path: Path, source: str) -> None:
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    data["source"] = source
    path.write_text(json.dumps(data), encoding="utf-8")


CASES = _cases()


#: What each case is about, by the start of its id (first match wins).
SUBJECTS = (("activity", "activity tables"), ("path", "activity tables"),
            ("toml", "inventory.toml"), ("facilities", "facility register (facilities.csv)"),
            ("scenario", "scenario.toml"), ("bau", "bau.toml"), ("drivers", "drivers.csv"),
            ("measures", "measures.toml"), ("review-criteria", "criteria (--criteria)"),
            ("review-previous", "previous review (--previous)"), ("review-year", "--year"),
            ("run", "run folders"), ("factors", "factor sets"), ("local-factors", "factor sets"),
            ("output", "output paths"), ("", "inventory-level tables or options"))


def subject(case: Case) -> str:
    name = next(name for start, name in SUBJECTS if case.id.startswith(start))
    if name == "inventory-level tables or options":
        return "options" if case.id.split("-")[0] in ("option", "explain", "report") else \
            "inventory-level tables"
    return name


def counts() -> Counter:
    return Counter(case.command for case in CASES)


if __name__ == "__main__":
    table = Counter((case.command, subject(case)) for case in CASES)
    print("| command | what is wrong | cases |\n|---|---|---|")
    for (command, about), n in sorted(table.items()):
        print(f"| {command} | {about} | {n} |")
    print("\n| command | cases |\n|---|---|")
    for command, n in sorted(counts().items()):
        print(f"| {command} | {n} |")
    print(f"| **total** | **{len(CASES)}** |")
