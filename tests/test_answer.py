"""The answer first: the home page with no parameters says how much of the package was delivered
by the end of the roll-out and by the latest document read (matching the scorecard), and the
what-if says what a slip does to delivery, beside the baseline (worked by hand below)."""
from __future__ import annotations

import datetime as dt

from tracker import queries, statuses
from tracker.filters import Filters, When
from tracker.scenario import Lever

END = dt.date(2019, 2, 18)  # 18 October 2017 + 16 months
LATEST = dt.date(2024, 10, 4)  # the latest document read: a report of the signature of the EU-Canada PNR agreement


def metric(at, starts: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(starts))


def test_the_home_page_opens_on_the_share_delivered(app, real_db):
    at = app().run()
    assert not at.exception and not at.error
    assert queries.choices(real_db).default_as_of == LATEST  # a link with no as_of shows what is known
    end = queries.scorecard(real_db, Filters(), When(END)).iloc[-1]
    latest = queries.scorecard(real_db, Filters(), When(LATEST)).iloc[-1]
    # at the end of the roll-out: 8 on time, 1 late: 9 of the 22 commitments
    assert (end["deadlines"], end["delivered_on_time"], end["delivered_late"], end["delivered"]) == (22, 8, 1, 0)
    shown = {m.label: (m.value, m.delta) for m in at.metric}
    assert shown["Delivered by 18 Feb 2019"] == ("41%", "9 of 22 · end of roll-out")
    done = sum(int(latest[c]) for c in statuses.DELIVERED)
    assert shown["Delivered by 4 Oct 2024"] == (f"{round(100 * done / 22)}%", f"{done} of 22 · latest document")
    assert done == 12
    words_ = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "**By the end of the roll-out** (18 February 2019): 9 of 22 delivered (41%): 8 on time, 1 late" in words_
    assert "status as of 4 October 2024" in words_  # the filter sentence: the default date is the latest document
    assert at.segmented_control(key="score_on").value == "end"
    assert at.dataframe(key="scorecard_cells").value.iloc[-1]["deadlines"] == 22


def test_as_of_stays_the_time_machine(app):
    at = app({"as_of": "2017-10-18"}).run()
    assert "status as of 18 October 2017" in " ".join(m.value for m in at.markdown).replace("\\", "")
    assert metric(at, "Delivered by 18 Feb 2019") == "41%"  # the answer does not move
    assert metric(at, "Delivered by 18 Oct 2017") == "0%"


def test_a_slip_of_public_spaces_worked_by_hand(real_db):
    """shift=public-spaces:6 at the end of the roll-out (18 Feb 2019), public-spaces only: its 7
    commitments (the 2017 rail risk assessment is a past event).

    baseline: High Risk Security Network (Nov 2017): on time on 14 Nov 2017; road toolkit (by end 2017, delivered
    only in 2019, known at the year's end): past deadline; targeted funding (to 18 Oct 2018): in
    part on 10 Oct 2018; guidance (to 18 Oct 2018, delivered 20 Mar 2019): past deadline; UIA calls
    (Oct 2018): on time on 10 Oct 2018; UIA funding 2018: in part; H2020 topic (2018-20, delivered
    as reported on 17 Jun 2019): due now.
    +6 months: the network (May 2018) still on time (delivered before its window); the toolkit (to 30 Jun 2018) still past
    deadline; the guidance now ends on 18 Apr 2019: due now; the rest keep their status."""
    f, when = Filters(pillars=("public-spaces",)), When(END)
    levers = (Lever("shift", "public-spaces", 6.0),)
    got = queries.scenario_statuses(real_db, f, when, levers).set_index("side")
    want = {"baseline": {"delivered_on_time": 2, "delivered_in_part": 2, "overdue": 2, "due_now": 1},
            "scenario": {"delivered_on_time": 2, "delivered_in_part": 2, "overdue": 1, "due_now": 2}}
    for side, counts in want.items():
        assert {c: int(got.loc[side, c]) for c in statuses.COUNTED if got.loc[side, c]} == counts, side
        assert got.loc[side, "deadlines"] == 7
    # without the filter, the same slip moves one commitment of all 22 from past deadline to due now
    both = queries.scenario_statuses(real_db, Filters(), when, levers).set_index("side")
    change = {c: int(both.loc["scenario", c] - both.loc["baseline", c]) for c in statuses.COUNTED}
    assert {c: n for c, n in change.items() if n} == {"overdue": -1, "due_now": 1}


def test_the_what_if_page_shows_the_slip_beside_the_baseline(app):
    at = app({"shift": "public-spaces:6", "pillar": "public-spaces"}).run()
    at.switch_page("pages/scenario_page.py").run()
    assert not at.exception and not at.error
    table = next(d.value for d in at.dataframe if "what" in d.value.columns).set_index("what")
    assert table.loc["Past deadline, no delivery recorded", ["baseline", "scenario", "change"]].tolist() == [2, 1, "-1"]
    assert table.loc["Due now (inside its window)", ["baseline", "scenario", "change"]].tolist() == [1, 2, "+1"]
    assert table.loc["Delivered on time", "change"] == ""
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "**Baseline** on 18 February 2019: 2 of 7 delivered (29%): 2 on time" in text
    # on the as-of date (the latest document), the guidance delivered on 20 Mar 2019 turns from late
    # (due 18 Oct 2018) to on time (due 18 Apr 2019); the other moved deadlines keep their status
    assert "Delivered late → **Delivered on time**" in text
    assert "6 other deadlines moved by the levers keep their status on 4 October 2024" in text


def test_with_no_lever_the_scenario_is_the_scorecard(real_db):
    """With no lever the counts come from the scorecard; they equal what the scenario SQL gives."""
    f, when = Filters(actors=("europol",)), When(END)
    shortcut = queries.scenario_statuses(real_db, f, when, ())
    full = queries._wide(queries._df(real_db, "scenario_statuses", queries._scenario(real_db, f, when, ())), ["side"])
    assert shortcut.astype({c: int for c in [*statuses.COUNTED, "deadlines"]}).equals(full)
