"""The shipped data: exact counts, exact totals, every quote verbatim, every key resolves."""
from __future__ import annotations

import csv
import re

import pytest

from tests.conftest import DATA
from tracker.checks import normalise_space, plain


def rows(name):
    with open(DATA / f"{name}.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_rows_per_table(real_db):
    from tracker.queries import table_counts
    assert table_counts(real_db) == {
        "package": 1, "sources": 86, "pillars": 7, "actors": 51, "measures": 100, "measure_actors": 211,
        "funding": 9, "funding_stages": 11, "deadlines": 36, "progress": 131, "not_tracked": 10,
    }


def test_measures_per_pillar(real_db):
    got = dict(real_db.cursor().execute("select pillar_id, count(*) from measures group by 1").fetchall())
    assert got == {"public-spaces": 21, "explosives-finance": 18, "cbrn": 16, "encryption": 8,
                   "radicalisation": 12, "external": 19, "cross-cutting": 6}


def test_one_europol_agreement_per_country(real_db):
    got = real_db.cursor().execute(
        "select list(a.actor_id order by a.actor_id) from measures m join measure_actors ma using (measure_id) "
        "join actors a using (actor_id) where m.parent_id = 'ext-europol-agreements' and a.actor_type = 'third_country'"
    ).fetchone()[0]
    assert got == ["algeria", "egypt", "israel", "jordan", "lebanon", "morocco", "tunisia", "turkey"]


def test_seven_recommendations_and_six_encryption_measures(real_db):
    c = real_db.cursor()
    assert c.execute("select count(*) from measures where parent_id = 'ef-explosives-recommendation'").fetchone()[0] == 7
    assert c.execute("select count(*) from measures where parent_id = 'enc-support-measures'").fetchone()[0] == 6


def test_new_money_is_121_5_million_and_never_double_counted(real_db):
    c = real_db.cursor()
    new = c.execute("select funding_id, amount_eur from funding where is_new_money order by amount_eur").fetchall()
    assert [(f, float(a)) for f, a in new] == [
        ("f-encryption-training-2018", 500_000.0), ("f-terrorist-financing-call", 2_500_000.0),
        ("f-isf-call-public-spaces", 18_500_000.0), ("f-uia-public-spaces-2018", 100_000_000.0)]
    assert sum(float(a) for _, a in new) == 121_500_000.0
    # "over EUR 118 million" is the sum of the ISF call and the Urban Innovative Actions money
    total = c.execute("select amount_eur, amount_qualifier, funding_kind, is_new_money from funding "
                      "where funding_id = 'f-public-spaces-total'").fetchone()
    assert (float(total[0]), total[1], total[2], total[3]) == (118_000_000.0, "over", "aggregate", False)
    assert 18_500_000 + 100_000_000 > 118_000_000


def test_context_amounts(real_db):
    got = {f: float(a) for f, a in real_db.cursor().execute(
        "select funding_id, amount_eur from funding where not is_new_money and funding_kind <> 'aggregate'").fetchall()}
    assert got == {"f-isf-police-national-2014-20": 754e6, "f-isf-police-direct-2017": 108e6,
                   "f-isf-police-direct-2016": 39e6, "f-research-public-spaces": 195e6}


def test_headline_unfiltered(real_db):
    """The package's own actions are counted apart from the background; new money carries the
    ceiling of its largest line; the context amounts are counted, never added up."""
    import datetime as dt
    from tracker.filters import Filters, When
    from tracker.queries import headline
    k = headline(real_db, Filters(), When(dt.date(2017, 10, 18)))
    assert k == {"measures": 86, "background": 0, "new_money_eur": 121_500_000.0, "new_lines": 4,
                 "context_figures": 0, "new_money_qualifier": "up_to",
                 "deadlines": {"delivered_on_time": 0, "delivered_late": 0, "delivered": 0, "delivered_in_part": 0,
                               "not_delivered": 0, "no_report": 0, "not_checked": 0, "overdue": 0, "due_now": 10,
                               "upcoming": 12}}
    k = headline(real_db, Filters(background=True), When(dt.date(2017, 10, 18)))
    assert (k["measures"], k["background"], k["context_figures"], k["new_money_eur"]) == (86, 14, 4, 121_500_000.0)


def test_every_quote_is_verbatim_in_its_shipped_source_and_cited_rows_quote_nothing():
    sources = {r["source_id"]: plain((DATA / "sources" / r["file_name"]).read_text(encoding="utf-8"))
               for r in rows("sources") if r["file_name"]}
    cited = {r["source_id"]: r for r in rows("sources") if not r["file_name"]}
    for sid, r in cited.items():  # a cited document: its official reference, date and link
        assert r["reference"] and r["published_on"] and r["url"].startswith("https://"), sid
    checked = cites = 0
    for table in ("package", "actors", "measures", "measure_actors", "funding", "funding_stages", "deadlines",
                  "progress"):
        for i, r in enumerate(rows(table), start=2):
            if r["source_id"] in cited:
                assert table in ("progress", "funding_stages"), f"{table}.csv line {i}: the package rests on its texts"
                assert not r["source_quote"] and r["locator"].strip() and r["note"].strip(), f"{table}.csv line {i}"
                cites += 1
                continue
            assert r["source_quote"].strip(), f"{table}.csv line {i}: empty quote"
            assert normalise_space(r["source_quote"]) in sources[r["source_id"]], f"{table}.csv line {i}"
            assert r["source_quote"] == plain(r["source_quote"]), f"{table}.csv line {i}: markup in the quote"
            checked += 1
    assert checked == 1 + 51 + 100 + 211 + 9 + 4 + 36 + 8
    assert cites == 7 + 123  # 123 steps of 131 rest on cited documents


def test_corrections_to_the_package_data():
    pairs = {(r["measure_id"], r["actor_id"], r["role"]) for r in rows("measure_actors")}
    for gone in (("ef-european-investigation-order", "law-enforcement-authorities", "addressee"),
                 ("ef-stakeholder-meeting-nov-2017", "member-states", "partner"),
                 ("ps-road-vehicle-technologies", "commission", "lead"),
                 ("ef-rec-assess-national-systems", "commission", "partner")):
        assert gone not in pairs
    m = {r["measure_id"]: r for r in rows("measures")}
    assert m["ext-coe-convention"]["source_quote"].startswith("Proposal for a Council Decision on the conclusion")
    assert "Additional protocol" in m["ext-coe-additional-protocol"]["source_quote"]
    assert m["ps-first-responders-cooperation"]["parent_id"] == "ps-isf-call-2017"
    # one rule: an action plan or a set of measures presented on the package date is new; its items, to be done
    # later, are planned; work "being developed" or "prepared" is ongoing
    for parent in ("ps-action-plan", "cbrn-action-plan", "ef-explosives-recommendation", "enc-support-measures"):
        assert m[parent]["status_at_publication"] == "new"
        items = {r["status_at_publication"] for r in m.values() if r["parent_id"] == parent
                 and r["measure_type"] not in ("funding",)}
        assert items <= {"planned", "ongoing"}, parent
    for developing in ("pkg-european-intelligence-unit", "ps-road-truck-toolkit", "ef-le-access-bank-registries"):
        assert m[developing]["status_at_publication"] == "ongoing"


def test_every_foreign_key_resolves():
    ids = {t: {r[k] for r in rows(t)} for t, k in (("measures", "measure_id"), ("actors", "actor_id"),
                                                  ("pillars", "pillar_id"), ("sources", "source_id"),
                                                  ("deadlines", "deadline_id"))}
    refs = [("measures", "pillar_id", "pillars"), ("measures", "parent_id", "measures"),
            ("measures", "source_id", "sources"), ("measure_actors", "measure_id", "measures"),
            ("measure_actors", "actor_id", "actors"), ("funding", "measure_id", "measures"),
            ("funding", "pillar_id", "pillars"), ("deadlines", "measure_id", "measures"),
            ("progress", "measure_id", "measures"), ("progress", "deadline_id", "deadlines"),
            ("not_tracked", "source_id", "sources")]
    for table, col, target in refs:
        for i, r in enumerate(rows(table), start=2):
            if r[col]:
                assert r[col] in ids[target], f"{table}.csv line {i}: {col} {r[col]!r}"


def test_date_text_is_in_its_quote():
    for i, r in enumerate(rows("deadlines"), start=2):
        assert normalise_space(r["date_text"]).lower() in normalise_space(r["source_quote"]).lower(), i


@pytest.mark.parametrize("deadline_id,window", [
    ("d-explosives-assessment-report", ("2017-10-18", "2018-02-18", "relative")),
    ("d-explosives-impact-assessment", ("2018-01-01", "2018-06-30", "half")),
    ("d-cbrn-training-mapping", ("2017-10-18", "2018-01-31", "month")),
    ("d-cbrn-training-rollout", ("2018-10-01", "2018-12-31", "quarter")),
    ("d-eif-ministerial", ("2017-12-06", "2017-12-06", "day")),
    ("d-ps-road-toolkit", ("2017-10-18", "2017-12-31", "year")),
    ("d-e-evidence-proposals", ("2018-01-01", "2018-04-30", "vague")),
    ("d-package-rollout", ("2017-10-18", "2019-02-18", "relative")),
])
def test_normalised_windows(deadline_id, window):
    r = {d["deadline_id"]: d for d in rows("deadlines")}[deadline_id]
    assert (r["due_from"], r["due_by"], r["precision"]) == window


def test_package_horizon(real_db):
    from tracker.queries import package
    p = package(real_db)
    assert (str(p["published_on"]), p["horizon_months"], str(p["horizon_end"])) == ("2017-10-18", 16, "2019-02-18")


def test_ids_are_slugs_and_disjoint():
    m = {r["measure_id"] for r in rows("measures")}
    a = {r["actor_id"] for r in rows("actors")}
    p = {r["pillar_id"] for r in rows("pillars")}
    assert not (m & a) and not (m & p) and not (a & p)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", x) for x in m | a)
