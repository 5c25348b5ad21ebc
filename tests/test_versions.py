"""A new data version without a cut: the data folder is a link flipped to a later folder while
tabs are open. An open tab stays on its version for every run (one view never mixes two), says
which one it is on and is offered the switch; a link opened afterwards starts on the new version;
a folder with problems is never served; the built database is a file in the cache folder, opened
read-only, never in the data folder."""
from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from tests.conftest import TINY
from tracker import database, session


def version_folder(parent, name: str, version: str, extra_measure: bool = False):
    folder = parent / name
    shutil.copytree(TINY, folder)
    text = (folder / "package.csv").read_text(encoding="utf-8").replace(",2019-06-30.1,", f",{version},")
    (folder / "package.csv").write_text(text, encoding="utf-8")
    if extra_measure:
        with (folder / "measures.csv").open("a", encoding="utf-8") as f:
            f.write("hub,beta,,Open the Hub,A hub for data.,capability,planned,tiny,A Network will be launched\n")
    return folder


def flip(link, target) -> None:
    """Point `link` at `target` in one step (as a deployment does)."""
    tmp = link.with_name(link.name + ".new")
    tmp.symlink_to(target)
    os.replace(tmp, link)


def showing(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Showing:**")).replace("\\", "")


def version(at) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith("Data version")).replace("\\", "")


def two_versions(parent):
    """parent/v1 (the tiny folder, data version 2019-06-30.1), parent/v2 (a later version with one
    more measure in Beta) and parent/current, a link to v1."""
    version_folder(parent, "v1", "2019-06-30.1")
    version_folder(parent, "v2", "2019-09-30.1", extra_measure=True)
    link = parent / "current"
    link.symlink_to(parent / "v1")
    return link


@pytest.fixture
def current(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(session, "LOOK_EVERY_S", 0.0)  # a server looks once a second; the test flips and runs at once
    return two_versions(tmp_path)


def test_an_open_tab_keeps_its_version_until_it_switches(app, current, tmp_path):
    tab = app({"pillar": "beta"}, data_dir=current).run()
    assert not tab.exception
    assert (version(tab), showing(tab)) == ("Data version 2019-06-30.1", "**Showing:** 1 measure in Beta, status as "
                                                                          "of 30 June 2019")
    flip(current, tmp_path / "v2")
    tab.run()  # the tab's next run sees the change and opens the new version in the background
    session._versions(str(current)).wait()
    tab.run()
    # the same view, every element of it from version 1, and the offer to switch
    assert (version(tab), showing(tab)) == ("Data version 2019-06-30.1", "**Showing:** 1 measure in Beta, status as "
                                                                          "of 30 June 2019")
    assert [i.value.replace("\\", "") for i in tab.info if "Newer data is ready" in i.value] == [
        "Newer data is ready: version 2019-09-30.1. This tab stays on version 2019-06-30.1 until you switch, so that "
        "nothing you see changes under you."]
    # a link opened now starts on version 2
    other = app({"pillar": "beta"}, data_dir=current).run()
    assert (version(other), showing(other)) == ("Data version 2019-09-30.1", "**Showing:** 2 measures in Beta, "
                                                                              "status as of 30 June 2019")
    assert not [i for i in other.info if "Newer data" in i.value]
    # the first tab switches: same link, new data
    tab.button(key="switch_data").click().run()
    assert (version(tab), showing(tab)) == ("Data version 2019-09-30.1", "**Showing:** 2 measures in Beta, status as "
                                                                          "of 30 June 2019")
    assert tab.query_params["pillar"] == "beta"
    assert not [i for i in tab.info if "Newer data" in i.value]


def test_a_new_folder_with_problems_is_not_served(app, current, tmp_path):
    tab = app(data_dir=current).run()
    broken = version_folder(tmp_path, "v3", "2019-12-31.1")
    (broken / "measures.csv").write_text((broken / "measures.csv").read_text(encoding="utf-8").replace(
        "forum,alpha,", "forum,gamma,"), encoding="utf-8")
    flip(current, broken)
    tab.run()
    session._versions(str(current)).wait()
    tab.run()
    assert not tab.exception and version(tab) == "Data version 2019-06-30.1"
    assert [w.value.replace("\\", "") for w in tab.warning if "data folder has changed" in w.value] == [
        "The data folder has changed, but it has 1 problem (run `python -m tracker check`), so it is not shown: "
        "this is still data version 2019-06-30.1."]
    other = app(data_dir=current).run()  # a new tab too
    assert version(other) == "Data version 2019-06-30.1"


def test_the_built_database_is_a_read_only_file_in_the_cache_folder(current, tmp_path):
    before = sorted(p.name for p in (tmp_path / "v1").rglob("*"))
    db = database.open_built(current, tmp_path / "cache")
    assert db.ok and not db.complete
    built = tmp_path / "cache" / f"{database.fingerprint(current)}.duckdb"
    assert built.is_file()
    assert sorted(p.name for p in (tmp_path / "v1").rglob("*")) == before  # nothing written in the data folder
    with pytest.raises(duckdb.Error):
        db.cursor().execute("create table t (x integer)")  # opened read-only
    assert db.cursor().execute("select count(*) from deadline_lines").fetchone() == (4,)
    # another process (a replica) opens the same file, without building
    again = database.open_built(current, tmp_path / "cache", builder=lambda *a, **k: pytest.fail("built again"))
    assert again.key == db.key
    # a changed file is another version
    flip(current, tmp_path / "v2")
    assert database.fingerprint(current) != db.key


def test_a_first_build_is_served_from_memory_while_its_file_is_written(current, tmp_path):
    cache = tmp_path / "cache"
    built = cache / f"{database.fingerprint(current)}.duckdb"
    db = database.open_built(current, cache, serve_while_writing=True)
    assert db.ok and not db.complete and db.key == database.fingerprint(current)
    before = db.cursor().execute("select * from deadline_lines order by all").fetchall()
    assert len(before) == 4  # served at once, whether the file is written yet or not
    db.written.result(timeout=60)
    assert built.is_file() and not list(cache.glob("*.building"))
    with pytest.raises(duckdb.Error):
        db.cursor().execute("create table t (x integer)")  # the same Database now reads the file, read-only
    assert db.cursor().execute("select * from deadline_lines order by all").fetchall() == before
    # the lock is released once written: another process opens the file without building
    again = database.open_built(current, cache, builder=lambda *a, **k: pytest.fail("built again"))
    assert again.cursor().execute("select * from deadline_lines order by all").fetchall() == before
