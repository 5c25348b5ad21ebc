"""Hostile input: malicious links never break a page and are reported, filter text reaches SQL
only as data, text from the data is never rendered as HTML or Markdown, and downloads never
carry a spreadsheet formula."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA, ROOT, TINY
from tracker import export, queries, ui
from tracker.filters import FILTERS, MAX_Q, URL_KEYS, Choices, Filters, When, parse_query
from tracker.database import build

PAGES = re.findall(r'st\.Page\("(pages/[^"]+)"', (ROOT / "dashboard.py").read_text(encoding="utf-8"))

# -- links: parse_query --------------------------------------------------------------------
CHOICES = Choices(
    pillars={"cbrn": "CBRN", "public-spaces": "Public spaces"},
    actors={"europol": "Europol", "member-states": "Member States"},
    instruments={"ISF-Police": "ISF-Police"},
    package_date=dt.date(2017, 10, 18), min_date=dt.date(2016, 1, 1), max_date=dt.date(2021, 12, 31),
)
NASTY = [
    "'; drop table measures; --", "1' or '1'='1", "\" or 1=1 --", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "javascript:alert(1)", "[x](javascript:alert(1))", "**bold**",
    "../../etc/passwd", "%27%3B--", "\x00", "\x1b[31m", "\u202e", "\r\n", "cbrn\x00", " cbrn ",
    "x" * 10_000, "2018-02-30", "2018-13-01", "9999-12-31", "0001-01-01", "-1", "NaN", "",
    "cbrn", "europol", "ISF-Police", "new", "2018-03-01",
]
value = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.text(min_size=300, max_size=2_000))
query = st.dictionaries(st.one_of(st.sampled_from(URL_KEYS), st.text(max_size=10)),
                        st.lists(value, max_size=6), max_size=8)


def cleaned(raw) -> str:
    return "".join(ch for ch in str(raw) if ch.isprintable()).strip()


@settings(max_examples=400, deadline=None)
@given(q=query)
def test_parse_query_keeps_only_valid_values_and_notes_the_rest(q):
    view, notices = parse_query(q, CHOICES)
    f = view.filters
    expected_notices = 0
    for s in FILTERS:  # every list filter of the spec: its valid values kept, in order, once
        if s.kind == "ids":
            allowed = getattr(CHOICES, s.field)
            raw = [cleaned(v) for v in q.get(s.key, [])]
            assert list(getattr(f, s.field)) == list(dict.fromkeys(v for v in raw if v in allowed))
            expected_notices += sum(1 for v in raw if v and v not in allowed)
    days = {}
    for key, default in (("as_of", CHOICES.package_date), ("due_from", None), ("due_to", None)):
        given = [cleaned(v) for v in q.get(key, []) if str(v).strip()]
        days[key] = default
        if given:
            try:
                day = dt.date.fromisoformat(given[-1])
                ok = CHOICES.min_date <= day <= CHOICES.max_date
            except ValueError:
                ok = False
            if ok:
                days[key] = day
            else:
                expected_notices += 1
    assert view.as_of == days["as_of"]
    if days["due_from"] and days["due_to"] and days["due_from"] > days["due_to"]:
        expected_notices += 1  # the window is turned round
    assert {view.when.due_from, view.when.due_to} == {days["due_from"], days["due_to"]}
    flags = [cleaned(v).lower() for v in q.get("background", [])]
    if flags and flags[-1] not in ("1", "0", ""):
        expected_notices += 1
    assert view.filters.background == (bool(flags) and flags[-1] == "1")
    texts = q.get("q", [])
    assert len(f.q) <= MAX_Q and f.q.isprintable()
    if texts and len(cleaned(texts[-1])) > MAX_Q:
        expected_notices += 1
    assert len(notices) == expected_notices
    assert all(len(n) < 160 for n in notices)  # a huge value is shortened in its notice


# -- links: every page ---------------------------------------------------------------------
HOSTILE_LINKS = [
    {"pillar": "'; drop table measures; --", "actor": "europol"},
    {"actor": "<script>alert(1)</script>", "q": "<script>alert(1)</script>"},
    {"as_of": "2018-02-30", "instrument": "[x](javascript:alert(1))"},
    {"pillar": ["cbrn", "cbrn", "nope"], "status": "\x00\x1b[31m", "q": "x" * 5000},
    {"as_of": "9999-99-99", "measure": "'; drop table measures; --", "shift": "cbrn:abc", "scale": ":",
     "drop": "<script>"},
]


def assert_no_exception(at, where):
    assert not at.exception, (where, [e.message for e in at.exception])


@pytest.mark.parametrize("link", HOSTILE_LINKS, ids=range(len(HOSTILE_LINKS)))
def test_every_page_survives_a_hostile_link_and_says_so(app, link):
    at = app(link).run()
    assert_no_exception(at, "entry")
    notices = [w.value for w in at.sidebar.warning]
    assert notices, "the dropped parts of the link are reported"
    assert all(n.startswith(("Ignored ", "The search text")) for n in notices), notices
    for page in PAGES:
        at.switch_page(page).run()
        assert_no_exception(at, page)
        assert at.title, page


def test_hostile_link_keeps_the_valid_part(app):
    at = app({"pillar": ["cbrn", "'; drop table measures; --"]}).run()
    assert_no_exception(at, "entry")
    assert at.session_state["pillar"] == ["cbrn"]
    assert {m.label: m.value for m in at.metric}["Measures of the package"] == "15"
    assert [w.value for w in at.sidebar.warning] == [
        "Ignored pillar=\"'; drop table measures; --\" from the link: no such pillar."]


# -- SQL: filter values are data -----------------------------------------------------------
INJECTIONS = ["'; drop table measures; --", "' or '1'='1", "cbrn' or 1=1 --", "%", "_", "\\", "' union select 1 --"]


@pytest.fixture(scope="module")
def real():
    return build(DATA)


def literal_matches(text: str) -> int:
    """Measures whose id, title, description or quote contain `text` as plain characters."""
    with open(DATA / "measures.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return sum(1 for r in rows if text.lower() in
               " ".join([r["measure_id"], r["title"], r["description"], r["source_quote"]]).lower())


def count(db, f: Filters) -> int:
    """Every measure the filters keep, the background with them."""
    return queries.measure_counts(db, replace(f, background=True))["measures"] + queries.measure_counts(
        db, replace(f, background=True))["background"]


def test_search_text_matches_literally(real):
    assert [literal_matches(t) for t in INJECTIONS] == [0] * len(INJECTIONS)
    assert literal_matches("(") == 16  # a literal '(' (a regular expression's group) is in 16 measures' texts
    assert count(real, Filters(q="(")) == 16
    assert count(real, Filters(q="europol")) == literal_matches("europol") > 0


@pytest.mark.parametrize("text", INJECTIONS)
def test_filter_text_is_data_not_sql(real, text):
    counts = queries.table_counts(real)
    assert counts["measures"] == 100
    when = When(dt.date(2017, 10, 18))
    assert count(real, Filters(pillars=(text,))) == 0
    assert count(real, Filters(actors=(text,))) == 0
    assert count(real, Filters(instruments=(text,))) == 0
    assert count(real, Filters(statuses=(text,))) == 0
    assert count(real, Filters(q=text)) == literal_matches(text)
    assert queries.headline(real, Filters(q=text), when)["new_money_eur"] == 0.0
    assert queries.timeline(real, Filters(pillars=(text,)), when).empty
    assert queries.funding_lines(real, Filters(actors=(text,))).empty
    assert not queries.measure_exists(real, text)
    assert queries.table_counts(real) == counts
    assert count(real, Filters()) == 100  # the unfiltered data is intact


# -- text from the data is shown as text ---------------------------------------------------
TITLE = "<script>alert(1)</script> Set up the Forum"
DESCRIPTION = "**bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>"


@pytest.fixture
def hostile_folder(tmp_path):
    folder = tmp_path / "hostile"
    shutil.copytree(TINY, folder)
    path = folder / "measures.csv"
    text = path.read_text(encoding="utf-8")
    old = "forum,alpha,,Set up the Forum,A forum for practitioners.,"
    assert old in text
    path.write_text(text.replace(old, f'forum,alpha,,{TITLE},"{DESCRIPTION}",'), encoding="utf-8")
    return folder


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def test_hostile_text_from_the_data_is_shown_as_text(app, hostile_folder):
    assert build(hostile_folder).ok
    at = app({"measure": "forum"}, data_dir=hostile_folder).run()
    at.switch_page("pages/measures_page.py").run()
    assert_no_exception(at, "measures")
    assert at.session_state["measure_pick"] == "forum"
    assert [unescape(h.value) for h in at.subheader][:1] == [TITLE]
    assert at.subheader[0].value == ui.md(TITLE)
    bodies = [m.value for m in at.markdown]
    assert ui.md(DESCRIPTION) in bodies
    for body in bodies + [h.value for h in at.subheader] + [c.value for c in at.caption]:
        assert not re.search(r"(?<!\\)<(script|img)", body), body  # every < of the data is escaped
        assert "[x](" not in body and "**bold" not in body, body  # no live Markdown link or emphasis
    assert not any(getattr(m.proto, "allow_html", False) for m in at.markdown)


HOSTILE = {"pillars.csv": ("alpha,1,Alpha pillar,Alpha", 'alpha,1,Alpha pillar,"<img src=x onerror=alert(1)>Alpha"'),
           "funding.csv": ("f-forum,forum,alpha,Fund A,", "f-forum,forum,alpha,<b>Fund A</b>,"),
           "deadlines.csv": ("d-network,network,Funding available,",
                             "d-network,network,<script>alert(1)</script> Funding available,"),
           "actors.csv": ("commission,European Commission,", "commission,<i>European Commission</i>,")}


def shown(spec: dict) -> list[str]:
    """The texts a Plotly figure shows: its traces' x, y, labels and text, the customdata items
    its hover templates show, and the titles and annotations of its layout."""
    out: list[str] = []

    def flat(value):
        if isinstance(value, list):
            for item in value:
                yield from flat(item)
        elif isinstance(value, str):
            yield value

    for trace in spec["data"]:
        for key in ("x", "y", "labels", "text", "hovertext"):
            out += flat(trace.get(key, []))
        for index in map(int, re.findall(r"%\{customdata\[(\d+)\]\}", trace.get("hovertemplate", ""))):
            out += [row[index] for row in trace.get("customdata", []) if isinstance(row, list)]
    layout = spec.get("layout", {})
    out += [layout.get("title", {}).get("text", "")] + [a.get("text", "") for a in layout.get("annotations", [])]
    return [x for x in out if isinstance(x, str)]


def test_hostile_text_in_charts_is_escaped(app, tmp_path):
    folder = tmp_path / "hostile"
    shutil.copytree(TINY, folder)
    for name, (old, new) in HOSTILE.items():
        text = (folder / name).read_text(encoding="utf-8")
        assert old in text
        (folder / name).write_text(text.replace(old, new), encoding="utf-8")
    assert build(folder).ok
    at = app({"as_of": "2018-03-01", "shift": "alpha:2"}, data_dir=folder).run()
    seen = []
    for page in PAGES:
        at.switch_page(page).run()
        assert_no_exception(at, page)
        for chart in at.get("plotly_chart"):
            seen += shown(json.loads(chart.proto.spec))
    for tab in ("By instrument", "By period", "By kind"):  # the funding page draws its open tab only
        at.switch_page("pages/funding_page.py")
        at.session_state["funding_by"] = tab
        at.run()
        assert_no_exception(at, tab)
        (chart,) = at.get("plotly_chart")
        seen += shown(json.loads(chart.proto.spec))
    text = " ".join(seen)
    for raw in ("<img", "<script", "<b>Fund", "<i>European"):
        assert raw not in text, raw
    for escaped in ("&lt;img src=x onerror=alert(1)&gt;Alpha", "&lt;b&gt;Fund A&lt;/b&gt;",
                    "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;i&gt;European Commission&lt;/i&gt;"):
        assert escaped in text, escaped


# -- exports -------------------------------------------------------------------------------
def test_downloads_neutralise_formulas():
    df = pd.DataFrame({
        "=title": ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "plain", "a=b"],
        "amount_eur": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.5],
    })
    csv_back = pd.read_csv(io.BytesIO(export.to_csv(df)), dtype=str, keep_default_na=False)
    assert list(csv_back.columns) == ["'=title", "amount_eur"]  # the header is the first row
    assert csv_back["'=title"].tolist() == ["'=HYPERLINK(\"http://x\",\"y\")", "'+cmd|' /C calc'!A0", "'-2+3",
                                            "'@SUM(A1:A2)", "plain", "a=b"]
    assert csv_back["amount_eur"].tolist() == ["-5.0", "1.0", "2.0", "3.0", "4.0", "5.5"]  # numbers stay numbers
    about = export.About("=T", "@shown", "-v1", "?q==x")
    book = openpyxl.load_workbook(io.BytesIO(export.to_excel(df, about)))
    rows = list(book["data"].iter_rows(values_only=True))
    assert rows[0] == ("'=title", "amount_eur")
    assert [r[0] for r in rows[1:]] == csv_back["'=title"].tolist()
    assert [r[1] for r in rows[1:]] == [-5, 1, 2, 3, 4, 5.5]
    for row in book["data"].iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate  # no cell is a formula
    about_rows = [r[0] for r in book["about"].iter_rows(values_only=True)]
    assert about_rows[1:] == ["Security Union tracker export: =T", "Shown: @shown", "Link: ?q==x", "Data version: -v1",
                              "Rows: 6"]
