"""Extract the marked messages of ``ghg/`` (``_``, ``N_``, ``fill``) and update the Vietnamese catalogue, with Babel.

Run after adding or changing a message marked with ``_()`` or ``N_()``::

    python tests/tools/update_catalogue.py

New messages arrive in ``ghg.po`` with an empty Vietnamese text, which
``tests/unit/test_catalogue.py`` refuses until someone writes it; messages no longer in the code
are dropped. The files are written without dates or line numbers, so the same code gives the same
messages in the same order.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "ghg"
LOCALE = PACKAGE / "locale" / "vi" / "LC_MESSAGES"
PO, MO = LOCALE / "ghg.po", LOCALE / "ghg.mo"
KEYWORDS = {"_": None, "N_": None, "fill": None}
# Fixed so that the files depend on their messages only.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def template() -> Catalog:
    """Every marked message in the package, with the files that use it."""
    catalog = Catalog(project="ghg", creation_date=EPOCH, revision_date=EPOCH)
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS,
                             comment_tags=("Translators:",), strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        catalog.add(message, locations=[(f"ghg/{filename}", lineno)], auto_comments=comments,
                    context=context)
    return catalog


def updated() -> Catalog:
    """The Vietnamese catalogue brought up to the code's messages."""
    with PO.open("rb") as stream:
        catalog = read_po(stream, locale="vi")
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.fuzzy = False
    catalog.creation_date = catalog.revision_date = EPOCH
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False,
             ignore_obsolete=True)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def main() -> int:
    po = po_bytes(updated())
    PO.write_bytes(po)
    MO.write_bytes(mo_bytes(read_po(io.BytesIO(po), locale="vi")))
    missing = sum(1 for message in read_po(io.BytesIO(po)) if message.id and not message.string)
    print(f"{PO.relative_to(ROOT)}: {missing} messages without a Vietnamese text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
