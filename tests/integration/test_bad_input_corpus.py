"""The bad-input corpus (tests/bad_inputs/cases.py): every case, run through the ``ghg`` command
in-process, gives its message (file, location, value and fix), its exit status, never the bug
handler, and writes nothing."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from ghg.cli import main

CORPUS = Path(__file__).parent.parent / "bad_inputs"
_spec = importlib.util.spec_from_file_location("bad_input_cases", CORPUS / "cases.py")
cases = importlib.util.module_from_spec(_spec)
sys.modules["bad_input_cases"] = cases
_spec.loader.exec_module(cases)
BUG = "this is a bug in ghg"


@pytest.fixture(scope="session")
def base_run(tmp_path_factory) -> Path:
    """One run of ghg compute on the base inventory, copied by the recompute cases."""
    root = tmp_path_factory.mktemp("base")
    shutil.copytree(CORPUS / "base" / "inventory", root / "inventory")
    assert main(["compute", str(root / "inventory"), "-o", str(root / "run")]) == 0
    return root / "run"


def build(case, root: Path, run: Path) -> None:
    """The case's folder: a copy of the base, then its deletions and files."""
    shutil.copytree(CORPUS / "base", root, dirs_exist_ok=True)
    shutil.copytree(run, root / "run")
    for name in case.delete:
        target = root / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for name, content in case.files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(target)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def run_case(case, root: Path, run: Path, monkeypatch, capsys) -> tuple[int, str, dict, dict]:
    build(case, root, run)
    before = tree(root)
    for module in case.without:
        monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.chdir(root)
    monkeypatch.setenv("GHG_LOG_DIR", str(root.parent / "logs"))
    status = main(case.argv())
    err = capsys.readouterr().err
    return status, err, before, tree(root)


@pytest.mark.parametrize("case", cases.CASES, ids=[c.id for c in cases.CASES])
def test_bad_input(case, tmp_path, base_run, monkeypatch, capsys):
    status, err, before, after = run_case(case, tmp_path / "case", base_run, monkeypatch,
                                          capsys)
    assert BUG not in err
    for fragment in case.expected:
        assert fragment in err
    assert status == case.status
    if case.status != 0:
        assert after == before  # nothing written, nothing changed
        assert not (tmp_path / "logs").exists()


def test_case_ids_are_unique_and_the_corpus_is_large():
    ids = [c.id for c in cases.CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 120
    assert set(cases.counts()) == set(cases.COMMANDS)
