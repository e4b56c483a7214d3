"""The bad-input corpus (tests/bad_inputs/cases.py): every case, run through the ``ghg`` command
in-process, gives its message (file, location, value and fix), its exit status, never the bug
handler, and writes nothing."""

from __future__ import annotations

import importlib.util
import re
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


def test_an_unexpected_exception_is_one_line_and_a_log(tmp_path, monkeypatch, capsys):
    import ghg.engine.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ghg.engine.pipeline, "compute", broken)
    monkeypatch.setenv("GHG_LOG_DIR", str(tmp_path / "logs"))
    status = main(["compute", str(CORPUS / "base" / "inventory"), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    logs = list((tmp_path / "logs").iterdir())
    assert err == [f"{BUG}, please report it: {logs[0]}", "RuntimeError: boom"]
    text = logs[0].read_text(encoding="utf-8")
    assert "command: ghg compute" in text
    assert "Traceback (most recent call last)" in text and 'raise RuntimeError("boom")' in text
    assert not (tmp_path / "out").exists()


def test_ctrl_c_is_exit_130_without_a_traceback(tmp_path, monkeypatch, capsys):
    import ghg.engine.pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ghg.engine.pipeline, "compute", interrupted)
    status = main(["compute", str(CORPUS / "base" / "inventory"), "-o", str(tmp_path / "out")])
    assert status == 130
    assert capsys.readouterr().err == "interrupted; nothing more was written\n"


def test_factor_set_paths_are_relative_to_the_inventory_not_the_working_folder(
        tmp_path, monkeypatch):
    inventory = tmp_path / "inventory"
    shutil.copytree(CORPUS / "base" / "inventory", inventory)
    for name, text in cases.factor_set().items():  # myset: grid factor 0.7 t CO2/MWh
        (inventory / name).parent.mkdir(parents=True, exist_ok=True)
        (inventory / name).write_text(text, encoding="utf-8")
    toml = inventory / "inventory.toml"
    toml.write_text(toml.read_text() + 'factors = ["myset", "ipcc2006", "density"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["compute", str(inventory), "-o", str(tmp_path / "out")]) == 0
    rows = (tmp_path / "out" / "emissions.csv").read_text().splitlines()
    # province grid electricity 2022: 5000 MWh x 0.7 t CO2/MWh = 3500 t CO2 (scope 2)
    assert "province,2022,1.A,2,CO2,3500,3500" in rows


def vietnamese(argv: list[str]) -> list[str]:
    """The case's command with ``--lang vi`` (replacing a ``--lang en`` it carries)."""
    argv = list(argv)
    if "--lang" in argv:
        del argv[argv.index("--lang"):argv.index("--lang") + 2]
    return [*argv, "--lang", "vi"]


@pytest.mark.parametrize("case", cases.CASES, ids=[c.id for c in cases.CASES])
def test_bad_input_in_vietnamese(case, tmp_path, base_run, monkeypatch, capsys):
    """With ``--lang vi`` every message of the corpus is Vietnamese: no common English word
    outside paths, codes, keys and the quoted values, and the same exit status."""
    from tests.integration.test_messages_vi import english_words

    build(case, tmp_path / "case", base_run)
    for module in case.without:
        monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.chdir(tmp_path / "case")
    monkeypatch.setenv("GHG_LOG_DIR", str(tmp_path / "logs"))
    status = main(vietnamese(case.argv()))
    err = capsys.readouterr().err
    assert BUG not in err
    assert status == case.status
    if case.status != 0:
        assert english_words(without_values(err)) == set()


def without_values(text: str) -> str:
    """``text`` without what is not prose: quoted values as typed, bracketed examples and
    comma-separated lists of column or key names (``source_id, year, category``)."""
    # FILE:LINE: COLUMN: and labels such as "measure efficiency: reduction:" (names, not prose)
    text = re.sub(r"(?m)^\S+: (?:[\w. #]+: )*", "", text, flags=re.ASCII)
    text = re.sub(r"\[[^\]]*\]", "", text)  # TOML tables and lists as written
    text = re.sub(r"\S+\.(?:csv|xlsx|toml|json|txt)\b", "", text)  # file names
    text = re.sub(r"--[\w-]+|\bghg \w+", "", text)  # options and commands
    while re.search(r"\([^()]*\)", text):
        text = re.sub(r"\([^()]*\)", "", text)
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "", text)
    text = re.sub(r"\b[A-Z][A-Z0-9]+\b", "", text)  # acronyms and notation keys (NO, NE, GWP)
    return re.sub(r"[\w.]+(?:, ?[\w.]+)+", "", text, flags=re.ASCII)
