"""Uploaded files made safe before ``ghg`` reads them: size, type, name, and one folder each.

An upload never chooses a path: it is saved under a name made of its own name's plain letters
(``[A-Za-z0-9_-]``) and a checked extension, in the job folder the server created for it. A
workbook must be a zip file holding ``xl/workbook.xml``; a CSV must be UTF-8 text without NUL
bytes. ``ghg`` then checks the contents as it checks any inventory (docs/contracts.md §1).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from ghg.core.i18n import _, either

#: Largest upload accepted (a filled template of a province is well under 5 MB).
MAX_BYTES = 20 * 1024 * 1024
ACTIVITY_TYPES = (".xlsx", ".csv")
#: What is copied from the served inventory into an upload's inventory: everything but its
#: activity tables, its register and the web workspace (the upload brings the activity).
NOT_COPIED = ("activity", "activity-pending", "register.sqlite", ".ghg-web")


class UploadError(ValueError):
    """An upload refused before any ``ghg`` command sees it; the message says what to do."""


def safe_name(filename: str, allowed: tuple[str, ...]) -> str:
    """A plain file name for an uploaded file's name, with its extension checked.

    Examples
    --------
    >>> safe_name("../../etc/Năng lượng 2024.xlsx", (".xlsx",))
    'N_ng_l_ng_2024.xlsx'
    >>> safe_name("C:\\\\data\\\\~$energy.CSV", (".csv",))
    'energy.csv'
    """
    base = PureWindowsPath(PurePosixPath(filename or "").name).name
    stem, dot, extension = base.rpartition(".")
    extension = f".{extension.lower()}" if dot else ""
    if extension not in allowed:
        raise UploadError(_("{name}: expected a file ending in {types}").format(
            name=base or "?", types=either(list(allowed))))
    # a leading ~$, . or _ would make the reader skip the file as a lock, hidden or template one
    plain = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_~$.")[:60] or "upload"
    return plain + extension


def check_content(name: str, data: bytes) -> None:
    """Refuse an empty or oversized file, a workbook that is no xlsx, a CSV that is no text."""
    if not data:
        raise UploadError(_("{name}: the file is empty").format(name=name))
    if len(data) > MAX_BYTES:
        raise UploadError(_("{name}: the file is larger than {mb} MB").format(
            name=name, mb=MAX_BYTES // (1024 * 1024)))
    if name.endswith((".xlsx", ".xlsm")):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                ok = "xl/workbook.xml" in archive.namelist()
        except (zipfile.BadZipFile, ValueError):
            ok = False
        if not ok:
            raise UploadError(_("{name}: not an Excel workbook (.xlsx); save it from Excel as "
                                "'Excel Workbook (.xlsx)'").format(name=name))
    elif name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = "\0"
        if "\0" in text:
            raise UploadError(_("{name}: not a UTF-8 text file; save it as 'CSV UTF-8'").format(
                name=name))


def inventory_from_upload(base: Path | None, folder: Path, name: str, data: bytes) -> Path:
    """An inventory folder in ``folder`` that ``ghg compute`` reads: the settings and tables of
    the served inventory ``base`` (or only a name without one) and the upload as its only
    activity table."""
    inventory = folder / "inventory"
    if base is not None:
        shutil.copytree(base, inventory, ignore=_not_copied(base), symlinks=False)
    else:
        inventory.mkdir()
        (inventory / "inventory.toml").write_text('name = "upload"\n', encoding="utf-8")
    (inventory / "activity").mkdir()
    (inventory / "activity" / name).write_bytes(data)
    return inventory


def _not_copied(base: Path):
    def ignore(directory: str, names: list[str]) -> list[str]:
        top = Path(directory).resolve() == base.resolve()
        return [n for n in names if (top and n in NOT_COPIED) or n.startswith(".")]
    return ignore
