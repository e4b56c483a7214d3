"""What a command imports, and refusals before any input is read (issue #13: fixed costs).

Each check runs the command in a fresh Python process and lists the heavy modules it imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("xarray", "dask", "distributed", "matplotlib", "openpyxl", "scipy.special")


def _imported(args: list[str], watch: tuple[str, ...]) -> tuple[int, list[str], str]:
    """Exit code, the modules of ``watch`` imported by ``ghg ARGS``, and stderr."""
    code = ("import sys\nfrom ghg.cli import main\ntry:\n    code = main(sys.argv[1:])\n"
            "except SystemExit as stop:\n    code = stop.code\n"
            f"print(sorted(m for m in {watch!r} if m in sys.modules))\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return done.returncode, eval(done.stdout.strip().splitlines()[-1]), done.stderr


def test_help_imports_neither_pandas_nor_numpy():
    code, modules, _ = _imported(["--help"], ("pandas", "numpy", "pint", *HEAVY))
    assert (code, modules) == (0, [])


def test_compute_csv_imports_no_xarray_dask_matplotlib_or_openpyxl(tmp_path):
    code, modules, _ = _imported(["compute", "inventories/ben-tre", "-o", str(tmp_path / "run"),
                                  "--format", "csv", "--grid-ef-fallback", "latest"], HEAVY)
    assert (code, modules) == (0, [])


#: what only ``ghg serve`` imports
WEB = ("ghg.web", "starlette", "uvicorn", "jinja2", "multipart", "python_multipart")


@pytest.mark.parametrize("args", [["--help"], ["serve", "--help"], ["compute", "--help"],
                                  ["factors", "list"], ["activities", "--kind", "rice"]])
def test_only_serve_imports_the_web_page(args):
    code, modules, _ = _imported(args, WEB)
    assert (code, modules) == (0, [])


def test_report_imports_no_web_framework(tmp_path):
    code, modules, _ = _imported(["report", "inventories/ben-tre", "-o", str(tmp_path / "r"),
                                  "--draws", "50"], WEB)
    assert (code, modules) == (0, [])


def test_compute_with_netcdf_imports_no_xarray_or_dask(tmp_path):
    code, modules, _ = _imported(["compute", "inventories/ben-tre", "-o", str(tmp_path / "run"),
                                  "--grid-ef-fallback", "latest"], HEAVY)
    assert (code, modules) == (0, [])
    assert (tmp_path / "run" / "emissions.nc").read_bytes()[:4] == b"CDF\x02"


@pytest.mark.parametrize("command", [
    ["compute", "inventories/ben-tre"], ["recompute", "RUN"], ["report", "inventories/ben-tre"],
    ["review", "inventories/ben-tre", "--year", "2024"], ["scenario", "scenarios/ben-tre"]])
def test_an_output_that_is_a_file_is_refused_before_anything_is_read(tmp_path, command):
    target = tmp_path / "taken"
    target.write_text("keep me")
    args = [str(tmp_path / "missing-run") if a == "RUN" else a for a in command]
    code, modules, stderr = _imported([*args, "-o", str(target), "--lang", "en"],
                                      ("pandas", "pint"))
    assert (code, modules) == (2, [])  # refused before pandas was even imported
    assert stderr.strip() == (f"{target}: is a file; outputs are written into a new or empty "
                              "folder (nothing was changed)")
    assert target.read_text() == "keep me"


def test_an_output_under_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("")
    code, _, stderr = _imported(["compute", "inventories/ben-tre", "-o",
                                 str(tmp_path / "file" / "run")], ())
    assert code == 2
    assert stderr.strip() == (f"{tmp_path / 'file' / 'run'}: {tmp_path / 'file'} is a file, not "
                              "a folder; choose another -o (nothing was changed)")


def test_a_folder_holding_files_is_refused_for_a_run_before_anything_is_read(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    code, modules, stderr = _imported(["compute", "inventories/ben-tre", "-o", str(tmp_path)],
                                      ("pandas",))
    assert (code, modules) == (2, [])
    assert stderr.strip() == (f"{tmp_path}: is a folder that holds files; outputs are written "
                              "into a new or empty folder (nothing was changed)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write into a read-only folder")
def test_a_read_only_folder_is_refused_before_anything_is_read(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, modules, stderr = _imported(["report", "inventories/ben-tre", "-o",
                                           str(locked / "report")], ("pandas",))
    finally:
        locked.chmod(0o755)
    assert (code, modules) == (3, [])
    assert stderr.startswith(f"{locked}: the folder is not writable; nothing was written")
