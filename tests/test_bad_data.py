"""The corpus of broken data folders (tests/bad_data/, see its README): `python -m tracker check`
prints exactly the expected problem lines and exits non-zero (0 for a case that is accepted),
the dashboard shows the same problems on its error page, and neither writes to the folder."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, TINY
from tracker.problems import Problem

BAD = ROOT / "tests" / "bad_data"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())
ACCEPTED = {"byte_order_mark"}  # cases whose data must load cleanly


def apply_case(case: str, parent: Path) -> Path:
    """A copy of the tiny folder at parent/folder with the case's files replaced or removed."""
    folder = parent / "folder"
    shutil.copytree(TINY, folder)
    for item in sorted((BAD / case).iterdir()):
        if item.name == "expected.txt":
            continue
        if item.name == "remove.txt":
            for name in item.read_text(encoding="utf-8").split():
                (folder / name).unlink()
        else:
            shutil.copyfile(item, folder / item.name)
    return folder


def checksums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def expected_lines(case: str) -> list[str]:
    return (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()


def test_corpus_is_complete():
    assert len(CASES) >= 15
    for case in CASES:
        files = {p.name for p in (BAD / case).iterdir()}
        assert "expected.txt" in files, case
        assert files - {"expected.txt"}, f"{case} changes nothing"
        assert expected_lines(case), case


@pytest.mark.parametrize("case", CASES)
def test_check_prints_the_expected_problems(tmp_path, case):
    folder = apply_case(case, tmp_path)
    before = checksums(folder)
    out = subprocess.run([sys.executable, "-m", "tracker", "check", "folder"], cwd=tmp_path,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert out.stderr == ""
    assert out.stdout.splitlines() == expected_lines(case)
    if case in ACCEPTED:
        assert out.returncode == 0
        assert out.stdout.splitlines()[0] == "folder: OK"
    else:
        assert out.returncode == 1
        n = len(expected_lines(case)) - 1
        assert expected_lines(case)[-1] == f"{n} problem{'s' if n != 1 else ''} in folder; nothing was loaded."
    assert checksums(folder) == before


@pytest.mark.parametrize("case", [c for c in CASES if c not in ACCEPTED])
def test_dashboard_shows_the_same_problems(app, tmp_path, case):
    folder = apply_case(case, tmp_path)
    before = checksums(folder)
    at = app(data_dir=folder).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "The data folder has problems"
    n = len(expected_lines(case)) - 1
    assert at.error[0].value.startswith(f"{n} problem{'' if n == 1 else 's'} in `{folder}`. Nothing was changed on disk")
    table = at.dataframe[0].value
    assert list(table.columns) == ["file", "line", "column", "problem", "fix"]
    shown = [str(Problem(r.file, None if r.line is None or r.line != r.line else int(r.line), r.column or None,
                         r.problem, r.fix)) for r in table.itertuples()]
    assert shown == expected_lines(case)[:-1]
    assert not at.metric  # no page ran on the broken data
    assert checksums(folder) == before


def test_accepted_case_shows_the_pages(app, tmp_path):
    folder = apply_case("byte_order_mark", tmp_path)
    at = app(data_dir=folder).run()
    assert not at.exception, [e.message for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Measures of the package"] == "3"
