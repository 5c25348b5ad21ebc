"""Bring your own data: an uploaded CSV replaces one table for one session. It is validated with
the data folder's rules (tracker.ui.try_upload), never written to disk, and every page says it
is in use. AppTest cannot drive a file uploader, so the validation is tested directly and the
session state the uploader's callback leaves behind is set by hand for the page tests."""
from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, ROOT, TINY
from tracker import queries, upload
from tracker.filters import Filters, When
from tracker.database import build
from tracker.staging import TABLES

BAD = ROOT / "tests" / "bad_data"
PAGES = re.findall(r'st\.Page\("(pages/[^"]+)"', (ROOT / "dashboard.py").read_text(encoding="utf-8"))
BANNER = ("You are looking at your uploaded funding.csv in place of the shipped one, for this session only: "
          "the data folder is unchanged and links you share show the shipped data. Go back to it from "
          "“Use your own CSV” in the sidebar.")


def checksums(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def on_tiny(monkeypatch):
    monkeypatch.setenv("TRACKER_DATA_DIR", str(TINY))
    before = checksums(TINY)
    yield
    assert checksums(TINY) == before  # nothing was ever written into the data folder


def revised_funding() -> bytes:
    """The tiny funding sheet with the Forum call raised from €10m to €12m."""
    raw = (TINY / "funding.csv").read_bytes()
    assert raw.count(b"Fund A,10000000,") == 1
    return raw.replace(b"Fund A,10000000,", b"Fund A,12000000,")


def test_a_valid_upload_replaces_one_table(on_tiny):
    db, problems = upload.try_upload("funding", revised_funding())
    assert problems == []
    assert db.ok and db.replaced == ("funding",)
    k = queries.headline(db, Filters(background=True), When(queries.package(db)["published_on"]))
    assert (k["new_money_eur"], k["new_money_qualifier"]) == (17_000_000.0, "up_to")  # 12m + up to 5m (was 10m + 5m)
    assert k["context_figures"] == 1
    assert queries.table_counts(db)["funding"] == 4
    shipped = build(TINY)
    assert db.key != shipped.key  # cached query results of the two never mix
    assert queries.headline(shipped, Filters(), When(queries.package(shipped)["published_on"]))["new_money_eur"] == 15e6


# Every single-file case of the bad data corpus, uploaded as that one table: the same problems
# as `python -m tracker check` prints for the folder (expected.txt without its summary line).
UPLOAD_CASES = [c.name for c in sorted(BAD.iterdir()) if c.is_dir()
                and len(list(c.glob("*.csv"))) == 1 and len(list(c.iterdir())) == 2]


def test_the_corpus_has_upload_cases():
    assert len(UPLOAD_CASES) >= 15


@pytest.mark.parametrize("case", UPLOAD_CASES)
def test_a_bad_upload_is_refused_with_the_same_problems(on_tiny, case):
    csv_file = next((BAD / case).glob("*.csv"))
    table = csv_file.stem
    db, problems = upload.try_upload(table, csv_file.read_bytes())
    expected = (BAD / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    if expected[0] == "folder: OK":
        assert problems == [] and db.ok and db.replaced == (table,)
    else:
        assert db is None
        assert [str(p) for p in problems] == expected[:-1]


def test_unknown_table_and_oversized_file(on_tiny, monkeypatch):
    db, problems = upload.try_upload("users", b"a,b\n1,2\n")
    assert db is None
    assert [str(p) for p in problems] == [
        "users.csv: 'users' is not a table. Fix: choose one of: " + ", ".join(TABLES) + "."]
    monkeypatch.setattr(upload, "MAX_UPLOAD_BYTES", 100)
    db, problems = upload.try_upload("funding", revised_funding())
    assert db is None
    assert [str(p) for p in problems] == [
        f"funding.csv: the file has {len(revised_funding()):,} bytes; the limit is 100. Fix: upload a smaller file."]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(TABLES), raw=st.one_of(
    st.binary(max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300).map(lambda t: t.encode("utf-8")),
    st.lists(st.sampled_from(["funding_id", "measure_id", ",", "\n", "\r", '"', "x", "-1", "2018-02-30", ";",
                              "\ufeff", "\x00", "=1+1", "'; drop table measures; --"]),
             max_size=60).map(lambda parts: "".join(parts).encode("utf-8")),
))
def test_any_bytes_give_a_database_or_problems_never_an_exception(on_tiny, table, raw):
    db, problems = upload.try_upload(table, raw)
    assert (db is None) == bool(problems)
    for p in problems:
        assert p.file.endswith(".csv") and p.message and "Traceback" not in p.message


# -- the pages while an upload is in use ----------------------------------------------------
def with_upload(app, db):
    at = app(data_dir=TINY)
    at.session_state["_upload_db"] = db
    return at.run()


def test_every_page_shows_the_banner_and_the_uploaded_figures(app, on_tiny):
    db, _ = upload.try_upload("funding", revised_funding())
    at = with_upload(app, db)
    assert not at.exception, [e.message for e in at.exception]
    assert {m.label: m.value for m in at.metric}["New money of the package"] == "up to €17m"
    header = [c.value.replace("\\", "") for c in at.main.caption if " · data version " in c.value]
    assert [h.split(" · data version ")[1] for h in header] == ["2019-06-30.1 + session upload"]  # the home's header
    assert len(PAGES) >= 5
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert [i.value for i in at.main.info][:1] == [BANNER], page
    assert [s.value for s in at.sidebar.success] == ["In use: your funding.csv."]
    version = [c.value.replace("\\", "") for c in at.sidebar.caption if c.value.startswith("Data version")]
    assert version == ["Data version 2019-06-30.1 + session upload"]  # as the exports' about sheet says it


def test_back_to_the_shipped_data(app, on_tiny):
    db, _ = upload.try_upload("funding", revised_funding())
    at = with_upload(app, db)
    at.button(key="_upload_back").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "_upload_db" not in at.session_state
    assert [i.value for i in at.info] == []
    assert {m.label: m.value for m in at.metric}["New money of the package"] == "up to €15m"
    assert not [b for b in at.button if b.key == "_upload_back"]


def test_refused_upload_lists_its_problems_and_keeps_the_data(app, on_tiny):
    bad = next((BAD / "negative_amount").glob("*.csv")).read_bytes()
    db, problems = upload.try_upload("funding", bad)
    assert db is None
    at = app(data_dir=TINY)
    at.session_state["_upload_problems"] = problems
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.sidebar.error] == [
        "1 problem in the file: it was not used; the data shown is unchanged."]
    table = at.sidebar.dataframe[0].value
    assert table.to_dict("records") == [{
        "file": "funding.csv", "line": 4, "column": "amount_eur", "problem": "the amount -20000000.00 is negative.",
        "fix": "amounts are 0 or more, in euros."}]
    assert [i.value for i in at.info] == []  # no banner: the shipped data is in use
    assert {m.label: m.value for m in at.metric}["New money of the package"] == "up to €15m"


def test_shipped_data_folder_untouched_by_uploads(monkeypatch):
    monkeypatch.setenv("TRACKER_DATA_DIR", str(DATA))
    before = checksums(DATA)
    raw = (DATA / "funding.csv").read_bytes()
    db, problems = upload.try_upload("funding", raw.replace(b"\n", b"\r\n"))
    assert problems == [] and db.replaced == ("funding",)
    assert queries.table_counts(db)["funding"] == 9
    assert checksums(DATA) == before
