"""`python -m tracker check` on the shipped folder, the tiny folder and broken copies."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import DATA, ROOT, TINY


def run_check(folder):
    out = subprocess.run([sys.executable, "-m", "tracker", "check", str(folder)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    return out.returncode, out.stdout.splitlines()


def test_shipped_data_is_clean():
    code, lines = run_check(DATA)
    assert code == 0
    assert lines[0] == f"{DATA}: OK"
    assert "  measures             100 rows" in lines
    assert "  new money of the package: up to €121.5 million (121,500,000 EUR in 4 lines)" in lines
    assert "  context amounts:          4 quoted, each of its own kind and period (never added up)" in lines
    assert "  roll-out horizon: 16 months, to 2019-02-18" in lines
    assert len(lines) <= 24  # one screen


def edit(folder, name, old, new):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name,old,new,expected", [
    ("measures.csv", "network,beta,,Launch", "forum,beta,,Launch",
     "measures.csv, line 4, column measure_id: duplicate measure_id 'forum': already used on line 2."),
    ("deadlines.csv", "2018-04-30,month", "2018-04-31,month",
     "deadlines.csv, line 2, column due_by: '2018-04-31' is not a date written YYYY-MM-DD (a real calendar day)."),
    ("funding.csv", ",5000000,up_to", ",-5000000,up_to",
     "funding.csv, line 3, column amount_eur: the amount -5000000.00 is negative."),
    ("measures.csv", "network,beta,", "network,gamma,",
     "measures.csv, line 4, column pillar_id: unknown pillar_id 'gamma': no row of pillars.csv has it."),
    ("funding.csv", ",period,", ",",
     "funding.csv, line 1, column period: the column 'period' is missing from the header."),
])
def test_broken_folder_names_file_line_column(tmp_path, name, old, new, expected):
    folder = tmp_path / "data"
    shutil.copytree(TINY, folder)
    edit(folder, name, old, new)
    before = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    code, lines = run_check(folder)
    assert code == 1
    assert any(line.startswith(expected) for line in lines), lines
    assert lines[-1].endswith("nothing was loaded.")
    assert {p.name: p.read_bytes() for p in folder.glob("*.csv")} == before


def test_missing_folder(tmp_path):
    code, lines = run_check(tmp_path / "nope")
    assert code == 2 and lines == [f"{tmp_path / 'nope'}: no such folder."]
