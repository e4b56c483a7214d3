"""Write the example workbook ``ghg serve`` offers and its browser test uploads:
Ben Tre's activity tables (``inventories/ben-tre/activity/*.csv``), one sheet per file, cells as
written in the CSV files, so that the workbook computes to the same emissions as the folder.

    python tests/tools/make_example_workbook.py

tests/integration/test_web_pages.py checks that the shipped file holds these tables, cell for cell.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ghg.core.xlsx import Section, workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
ACTIVITY = ROOT / "inventories" / "ben-tre" / "activity"
WORKBOOK = ROOT / "ghg" / "web" / "example" / "ben-tre-activity.xlsx"


def example_bytes() -> bytes:
    """One sheet per activity table, named after the file, every cell its CSV text."""
    return workbook_bytes({path.stem: [Section("", pd.read_csv(path, dtype=str,
                                                               keep_default_na=False))]
                           for path in sorted(ACTIVITY.glob("*.csv"))})


if __name__ == "__main__":
    WORKBOOK.write_bytes(example_bytes())
    print(f"wrote {WORKBOOK.relative_to(ROOT)}")
