"""The words a person reads: amounts with their qualifier, dates, and every code of the data
model in plain words. Pages, charts and exports say things through here; ids stay in links
and, as trailing columns, in exports."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from tracker.statuses import KINDS, STATUSES, STEPS, delivered


def euro(amount) -> str:
    amount = float(amount or 0)
    if amount >= 1e9:
        return f"€{amount / 1e9:,.2f} billion"
    if amount >= 1e6:
        return f"€{amount / 1e6:,.1f} million".replace(".0 million", " million")
    return f"€{amount:,.0f}"


def euro_short(amount) -> str:
    """Compact euros for headline figures: €121.5m, €1.10bn, €500,000."""
    amount = float(amount or 0)
    if amount >= 1e9:
        return f"€{amount / 1e9:,.2f}bn"
    if amount >= 1e6:
        return f"€{amount / 1e6:,.1f}m".replace(".0m", "m")
    return f"€{amount:,.0f}"


def money(amount, qualifier: str = "exact", short: bool = False) -> str:
    """An amount with its qualifier, as the texts write it: 'up to €121.5m', 'over €118m'. A sum
    takes the qualifier of its parts (sql/funding_facts.sql: sum_qualifier)."""
    text = euro_short(amount) if short else euro(amount)
    return {"up_to": f"up to {text}", "over": f"over {text}",
            "mixed": f"{text} (adds ceilings and floors)"}.get(qualifier, text)


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) or pd.isna(value))


def day(value: dt.date | None) -> str:
    """18 October 2017 ('' when there is no date)."""
    return f"{value.day} {value:%B} {value.year}" if _known(value) else ""


def short_day(value: dt.date | None) -> str:
    """18 Oct 2017 ('' when there is no date)."""
    return f"{value.day} {value:%b} {value.year}" if _known(value) else ""


STATUS = {s.code: s.words for s in STATUSES}  # a deadline on the as-of date (tracker/statuses.py)
STEP = {s.code: s.words for s in STEPS}  # a step after the package (progress.csv)
STAGE = {  # a stage of a line of money (funding_stages.csv)
    "announced": "Announced", "call_opened": "Call opened", "call_closed": "Call closed", "awarded": "Awarded",
    "paid": "Paid", "no_report": "No report found",
}
DATE_PRECISION = {"day": "on the day", "month": "in the month", "year": "in the year",
                  "reported": "by the document's date"}


def when(value, precision: str) -> str:
    """A date as precise as the document gives it: '20 Mar 2019', 'August 2019', '2019', 'by 17 Jun 2019'."""
    if not _known(value):
        return ""
    return {"month": f"{value:%B} {value.year}", "year": str(value.year),
            "reported": f"by {short_day(value)}"}.get(precision, short_day(value))


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """'1 measure', '2 measures', '1 background item', '3 lines of money'."""
    return f"{n} {noun if n == 1 else nouns or noun + 's'}"


def delivery(counts: dict) -> str:
    """What the counts of commitments by status say, delivered first: '8 of 22 delivered (36%): 7 on
    time, 1 late; 2 delivered in part; 8 with no report found'."""
    n, done = sum(counts.values()), delivered(counts)
    how = [f"{counts[s.code]} {s.phrase}" for s in STATUSES if s.delivered and counts.get(s.code)]
    rest = [f"{counts[s.code]} {s.phrase}" for s in STATUSES if s.counted and not s.delivered and counts.get(s.code)]
    head = f"{done} of {n} delivered" + (f" ({round(100 * done / n)}%)" if n else "")
    return head + (f": {', '.join(how)}" if how else "") + "".join(f"; {part}" for part in rest)


def kinds(documents) -> str:
    """The documents read by who speaks, in the order of statuses.KINDS: '52 Commission,
    3 Council, …, 21 press'."""
    n = documents["source_kind"].value_counts()
    return ", ".join(f"{n[k.code]} {k.words}" for k in KINDS if k.code in n)


def standing(counts: dict, on: dt.date) -> str:
    """Where the commitments stand on a date, in one sentence (statuses with none left out):
    'On 18 February 2019, of 22 commitments: 8 delivered (7 on time, 1 late), ...'."""
    n = sum(counts.values())
    done = delivered(counts)
    how = [f"{counts[s.code]} {s.phrase}" for s in STATUSES if s.delivered and counts.get(s.code)]
    parts = [f"{done} delivered" + (f" ({', '.join(how)})" if how else "")] if done else []
    parts += [f"{counts[s.code]} {s.phrase}" for s in STATUSES if s.counted and not s.delivered and counts.get(s.code)]
    return f"On {day(on)}, of {n} commitment{'s' if n != 1 else ''}: " + ("; ".join(parts) or "none") + "."


def outcome(row) -> str:
    """What the documents say about a deadline on the as-of date, in one phrase with its source:
    'Delivered 20 Mar 2019, 153 days late (SWD(2019) 140 final)'; '' when nothing is recorded."""
    status = row.get("status")
    if _known(row.get("outcome")):
        text = f"{STEP.get(row['outcome'], row['outcome'])} {when(row['outcome_on'], row['outcome_precision'])}"
        if status == "delivered_late" and _known(row.get("days_late")):
            days = int(row["days_late"])
            text += f", {'at least ' if row['outcome_precision'] != 'day' else ''}{days} day{'s' if days != 1 else ''} late"
        elif status == "delivered_on_time":
            text += ", on time"
        return f"{text} ({row['outcome_reference']})"
    if status == "no_report":
        return f"No report found in the documents read up to {short_day(row['searched_to'])}"
    if status == "not_checked":
        return (f"Not checked: a document that should report on it could not be read (documents read up to "
                f"{short_day(row['searched_to'])})")
    return ""
PUBLICATION = {"new": "New on the package date", "planned": "Planned", "ongoing": "Ongoing",
               "context": "Background (context)"}
FUNDING_KIND = {"new_call": "New call", "new_funding": "New funding", "existing_budget": "Existing budget",
                "past_spending": "Past spending", "comparison": "Comparison", "aggregate": "Stated total"}
QUALIFIER = {"exact": "exact", "up_to": "up to (a ceiling)", "over": "over (a floor)",
             "mixed": "ceilings and floors added"}
MONEY_CLASS = {"new": "New money of the package", "context": "Context (not new, never added up)",
               "stated total": "Stated total (not added again)"}
PRECISION = {"day": "a day", "month": "a month", "quarter": "a quarter", "half": "half a year", "year": "a year",
             "vague": "vague", "relative": "counted from the package date"}
DEADLINE_KIND = {"commitment": "Commitment", "event": "Event", "past_event": "Past event (background)"}
ROLE = {"lead": "Leads", "partner": "Takes part", "addressee": "Addressed"}
MEASURE_TYPE = {
    "action_plan": "Action plan", "forum_network": "Forum or network", "guidance": "Guidance", "funding": "Funding",
    "recommendation": "Recommendation", "legislation": "Legislation", "negotiation": "Negotiation",
    "agreement": "Agreement", "event": "Event", "research": "Research", "review": "Review", "training": "Training",
    "capability": "Capability", "report": "Report", "cooperation": "Cooperation", "context": "Background",
}
ACTOR_TYPE = {
    "eu_institution": "EU institution", "eu_agency": "EU agency", "eu_body": "EU body",
    "member_states": "Member States", "national_authority": "National authorities",
    "local_authority": "Local authorities", "network_forum": "Network or forum",
    "international_org": "International organisation", "third_country": "Third country",
    "private_sector": "Private sector", "civil_society": "Civil society", "practitioners": "Practitioners",
}
CODES = {  # columns whose values are codes, and their words
    "status": STATUS, "baseline_status": STATUS, "from_status": STATUS, "status_at_publication": PUBLICATION, "step": STEP,
    "stage": STAGE, "date_precision": DATE_PRECISION,
    "funding_kind": FUNDING_KIND, "amount_qualifier": QUALIFIER, "money_class": MONEY_CLASS,
    "precision": PRECISION, "kind": DEADLINE_KIND, "role": ROLE, "measure_type": MEASURE_TYPE,
    "actor_type": ACTOR_TYPE, "source_kind": {k.code: k.words for k in KINDS},
}
HEADERS = {  # column -> what a table's header says
    "title": "Measure", "measure_title": "Measure", "what_due": "What is due", "date_text": "As written",
    "due_from": "Window opens", "due_by": "Due by", "status": "Status",
    "pillar": "Pillar", "actor": "Actor", "role": "Role", "amount_eur": "Amount (EUR)",
    "amount_qualifier": "Amount is", "period": "Period", "funding_kind": "Kind", "money_class": "Counted as",
    "instrument": "Instrument", "source_quote": "Source quote", "source": "Source", "leads": "Led by",
    "measure_type": "Type", "status_at_publication": "At publication", "funding_lines": "Funding lines",
    "deadline_count": "Deadlines", "deadlines": "Deadlines", "precision": "Window is", "kind": "Kind",
    "parent_title": "Part of", "measures": "Measures", "lead": "Leads", "partner": "Takes part in",
    "addressee": "Addressed by", "actor_type": "Type", "lines": "Lines", "year_from": "From year",
    "year_to": "To year", "top_quote": "Largest line's quote", "new_money_eur": "New money (EUR)",
    "new_money_qualifier": "New money is", "context_figures": "Context figures", "background": "Background items",
    "outcome_text": "What the documents say",
    "commitments": "Commitments", "stage": "Stage", "step": "Step", "reference": "Document", "locator": "Where in it",
    "url": "Link", "source_url": "Link", "when": "When", "from_status": "Was",
    "known_by": "Known by", "source_reference": "Document", "line": "Line of money", "date_precision": "Date is", "change": "Change",
    "next_due_by": "Next due by", "name": "Pillar", "pillar_no": "No.", "happened_on": "On", "note": "What happened",
    "baseline_status": "Baseline status", "baseline_due_by": "Baseline due by", "baseline_amount_eur":
    "Baseline (EUR)", "change_eur": "Change (EUR)", "why": "Why", "counts_toward_totals": "Counted in totals",
    "key": "Group", "new_money": "New money", "published_on": "Dated", "document_title": "Title",
    "source_kind": "Who speaks", "primary": "Settles a step alone", "doubt": "Doubtful", "source_doubt": "Doubtful",
    **{s.code: s.header for s in STATUSES if s.counted},  # the scorecard's columns
}


def deadlines(texts, statuses) -> str:
    """Deadlines as written with their statuses: 'in November 2017 (upcoming); by 2018 (due now …)'."""
    return "; ".join(f"{t} ({STATUS.get(s, s).lower()})" for t, s in zip(texts, statuses))


def readable(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of a result with every code column in words."""
    out = df.copy()
    for col, words in CODES.items():
        if col in out.columns:
            out[col] = out[col].map(lambda v, w=words: w.get(v, v) if isinstance(v, str) else v)
    return out
