"""Pure chart functions: a query result (a DataFrame) in, a Plotly figure out. No data access,
no Streamlit. A figure has no title of its own: the page writes it above the chart (ui.chart),
where a narrow screen wraps it and the chart's toolbar never covers it.

Colours: the Okabe-Ito palette (safe for the common colour-vision deficiencies), one colour
per pillar by its order, used the same way on every page; statuses have theirs (tracker/statuses.py).
Every mark carries its source quote in its hover text. Text from the data is escaped (&, <, >)
wherever a figure shows it: Plotly reads a few HTML tags in labels and hover texts.
"""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go

from tracker.statuses import COUNTED, STATUSES
from tracker.words import FUNDING_KIND, STATUS, money, outcome, plural, short_day

PILLAR_PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#999999", "#F0E442")
STATUS_COLOURS = {s.code: s.colour for s in STATUSES if s.code != "dropped"}  # the legend names each
FONT = dict(family="Source Sans Pro, sans-serif", size=13)
LABEL_WIDTH = 26  # characters per line of an axis label (two lines at most: narrow on a phone)
ROW_PX = 34  # height of a labelled row
TIMELINE_ROW_PX = 46  # a row of the timeline: three lines of its label


def pillar_colour(pillar_no: int) -> str:
    return PILLAR_PALETTE[(int(pillar_no) - 1) % len(PILLAR_PALETTE)]


def escape(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(text: str | None, width: int = 70, max_lines: int = 6) -> str:
    """Hover-safe text: wrapped at spaces into lines of at most `width` characters (a longer
    word stands alone), at most `max_lines` of them (then " …"), joined with <br>; &, < and >
    are escaped (data is never HTML)."""
    lines: list[str] = []
    line, cut = "", False
    for word in str(text or "").split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
            if len(lines) == max_lines:
                cut = True
                break
        else:
            line = f"{line} {word}" if line else word
    else:
        if line:
            lines.append(line)
    if cut:
        lines[-1] += " …"
    return "<br>".join(escape(x) for x in lines)


def _label(text: str | None) -> str:
    """An axis label of at most two short lines."""
    return wrap(text, LABEL_WIDTH, 2)


def _text_px(labels: list[str]) -> int:
    """Room for the longest line of axis labels in FONT (a label's lines are joined with <br>)."""
    longest = max((len(html.unescape(line)) for label in labels for line in label.split("<br>")), default=0)
    return 12 + round(6.5 * longest)  # ~6.5 px a character at 13 px


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append(label if n == 0 else f"{label} ({n + 1})")
    return out


def _figure(data: list, height: int, margin: dict | None = None, **layout) -> go.Figure:
    """A figure with the look every figure shares (the font, a white background, room for the
    toolbar), built in one step from its traces and layout."""
    return go.Figure(data=data, layout=dict(
        height=height, font=FONT, margin=dict(l=10, r=10, t=30, b=10) | (margin or {}), plot_bgcolor="white",
        hoverlabel=dict(align="left"), **layout))


def _empty(message: str) -> go.Figure:
    return _figure([], 160, annotations=[dict(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                                              font=dict(size=14, color="#555"))],
                   xaxis=dict(visible=False), yaxis=dict(visible=False))


def measures_per_pillar(summary: pd.DataFrame) -> go.Figure:
    """Horizontal bars: the package's measures per pillar (rows of queries.pillar_summary, in
    pillar order), the first pillar on top. A bar's customdata starts with its pillar_id (a
    click filters)."""
    if not summary["measures"].sum():
        return _empty("No measure matches the filters.")
    rows = summary.iloc[::-1]  # drawn bottom to top
    bar = go.Bar(
        x=rows["measures"], y=[escape(n) for n in rows["short_name"]], orientation="h",
        marker_color=[pillar_colour(n) for n in rows["pillar_no"]], text=rows["measures"], textposition="outside",
        cliponaxis=False, customdata=[[i, escape(n)] for i, n in zip(rows["pillar_id"], rows["name"])],
        hovertemplate="%{customdata[1]}<br>%{x} measures<extra></extra>")
    return _figure([bar], 40 + 34 * len(rows), showlegend=False, clickmode="event+select",
                   xaxis=dict(title=dict(text="measures"), showgrid=True, gridcolor="#eee"))


def status_bars(rows: pd.DataFrame) -> go.Figure:
    """One horizontal bar per row, stacked by status: the commitments of a pillar (or of all of
    them, or of a scenario) by what the documents report, from rows with a `label`, a `key` (what a
    click on a part opens: a pillar_id, '' for all) and a column per counted status (the scorecard's
    columns); the first row on top. Each part says how many and what share of its bar."""
    if rows.empty or not rows[list(COUNTED)].to_numpy().sum():
        return _empty("No commitment matches the filters.")
    labels = _unique([_label(r) for r in rows["label"]])[::-1]  # drawn bottom to top
    totals = rows[list(COUNTED)].sum(axis=1).tolist()[::-1]
    bars = []
    for s in STATUSES:
        if not s.counted or not rows[s.code].sum():
            continue
        counts = rows[s.code].tolist()[::-1]
        bars.append(go.Bar(
            y=labels, x=counts, orientation="h", name=s.words, marker_color=s.colour,
            text=[str(n) if n else "" for n in counts], textposition="inside", insidetextanchor="middle",
            customdata=[[k, s.code, f"{n} of {t} commitment{'' if t == 1 else 's'}"
                         + (f" ({round(100 * n / t)}%)" if t else "")] for k, n, t in
                        zip(rows["key"].tolist()[::-1], counts, totals)],
            hovertemplate="<b>%{y}</b><br>" + escape(s.words) + ": %{customdata[2]}<extra></extra>"))
    return _figure(bars, 120 + ROW_PX * len(labels), margin=dict(l=_text_px(labels), t=60), barmode="stack",
                   showlegend=True,
                   clickmode="event+select", bargap=0.3,
                   legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, traceorder="normal"),
                   xaxis=dict(title=dict(text="commitments"), showgrid=True, gridcolor="#eee", rangemode="tozero"),
                   yaxis=dict(automargin=False))


FUNDING_LABEL = {"pillar": "pillar", "instrument": "instrument", "period": "period", "kind": "funding_kind"}


def funding_bars(df: pd.DataFrame, dimension: str) -> go.Figure:
    """Bars of new money by a dimension (pillar, instrument, period, kind), from the rows of
    queries.funding_breakdown for that dimension: each bar says its sum with the qualifier of
    its lines ("up to €118.5 million"). A bar's customdata starts with what a click narrows
    to (pillar_id or instrument)."""
    if df.empty:
        return _empty("No new money under the filters.")
    keys = df["funding_kind"].map(lambda k: FUNDING_KIND.get(k, k)) if dimension == "kind" else df[FUNDING_LABEL[dimension]]
    texts = [money(a, q) for a, q in zip(df["amount_eur"], df["amount_qualifier"])]
    ids = df["pillar_id"] if dimension == "pillar" else df[FUNDING_LABEL[dimension]]
    bar = go.Bar(
        x=[escape(k) for k in keys], y=df["amount_eur"].astype(float) / 1e6, text=texts, textposition="outside",
        cliponaxis=False,
        marker_color=[pillar_colour(n) for n in df["pillar_no"]] if dimension == "pillar" else "#0072B2",
        customdata=[[i, n, wrap(q), t, plural(int(n), "line")] for i, n, q, t in
                    zip(ids, df["lines"], df["top_quote"], texts)],
        hovertemplate=("<b>%{x}</b>: %{customdata[3]} in %{customdata[4]}<br>"
                       "Largest line: “%{customdata[2]}”<extra></extra>"))
    return _figure([bar], 360, showlegend=False, clickmode="event+select", xaxis=dict(automargin=True),
                   yaxis=dict(title=dict(text="EUR million"), showgrid=True, gridcolor="#eee", rangemode="tozero"))


def funding_compare(df: pd.DataFrame, dimension: str) -> go.Figure:
    """New money by 'pillar' or 'instrument' in the baseline and under a scenario, side by side
    on one axis, from the rows of queries.scenario_funding_by (`side` 'baseline' or 'scenario'):
    grey bars for the baseline, coloured ones for the scenario, each saying its sum with the
    qualifier of its lines."""
    if df.empty:
        return _empty("No new money under the filters.")
    keys = list(dict.fromkeys(df[dimension]))  # baseline order: a key the scenario empties stays
    bars = []
    for side, name in (("baseline", "Baseline"), ("scenario", "Scenario")):
        part = df[df["side"] == side].set_index(dimension).reindex(keys)
        amounts = part["amount_eur"].fillna(0).astype(float)
        texts = [money(a, q) if isinstance(q, str) else money(0, "exact")
                 for a, q in zip(amounts, part["amount_qualifier"])]
        if side == "baseline":
            colour = "#BBBBBB"
        elif dimension == "pillar":
            colour = [pillar_colour(n) if n == n else "#999999" for n in part["pillar_no"]]
        else:
            colour = "#0072B2"
        bars.append(go.Bar(
            x=[escape(k) for k in keys], y=amounts / 1e6, name=name, text=texts, textposition="outside",
            cliponaxis=False, marker_color=colour,
            customdata=[[name, int(n) if n == n else 0, wrap(q) if isinstance(q, str) else "", t,
                         plural(int(n) if n == n else 0, "line")]
                        for n, q, t in zip(part["lines"], part["top_quote"], texts)],
            hovertemplate=("<b>%{x}</b>, %{customdata[0]}: %{customdata[3]} in %{customdata[4]}<br>"
                           "Largest line: “%{customdata[2]}”<extra></extra>")))
    return _figure(bars, 380, barmode="group", legend=dict(orientation="h", y=1.08, x=0),
                   xaxis=dict(automargin=True),
                   yaxis=dict(title=dict(text="EUR million"), showgrid=True, gridcolor="#eee", rangemode="tozero"))


def timeline(rows: pd.DataFrame, as_of: dt.date, horizon_end: dt.date | None,
             baseline: pd.DataFrame | None = None) -> go.Figure:
    """One bar per deadline window (due_from to due_by, inclusive), coloured by status, with
    lines at the as-of date and at the end of the roll-out. `baseline`, when given, is drawn as
    outlines behind (the what-if page). A bar's hover says what the later documents record (its
    outcome and source); its customdata ends with its measure_id and pillar_id."""
    if rows.empty:
        return _empty("No deadline matches the filters.")
    labels = _unique([wrap(f"{p} · {w}", 30, 3) for p, w in zip(rows["pillar"], rows["what_due"])])
    label_of = dict(zip(rows["deadline_id"], labels))
    height = 170 + TIMELINE_ROW_PX * len(labels)
    bars = []
    if baseline is not None and not baseline.empty:
        base = baseline[baseline["deadline_id"].isin(label_of)]
        bars.append(go.Bar(
            y=[label_of[d] for d in base["deadline_id"]], x=[_days_ms(a, b) for a, b in zip(base["due_from"], base["due_by"])],
            base=[_iso(d) for d in base["due_from"]], orientation="h", name="Baseline window", width=0.9,
            marker=dict(color="rgba(0,0,0,0)", line=dict(color="#333", width=1.5)),
            hovertemplate="Baseline: %{base|%d %b %Y}<extra></extra>"))
    records = rows.to_dict("records")
    for status, colour in STATUS_COLOURS.items():
        part = [r for r in records if r["status"] == status]
        if not part:
            continue
        bars.append(go.Bar(
            y=[label_of[r["deadline_id"]] for r in part], x=[_days_ms(r["due_from"], r["due_by"]) for r in part],
            base=[_iso(r["due_from"]) for r in part], orientation="h", name=STATUS[status], marker_color=colour,
            width=0.6,
            customdata=[[wrap(r["date_text"], 60), short_day(_date(r["due_from"])), short_day(_date(r["due_by"])),
                         wrap(r["source_quote"]), wrap(outcome(r)) or "nothing recorded yet", r["measure_id"],
                         r["pillar_id"]] for r in part],
            hovertext=[wrap(f"{r['what_due']} ({r['measure_title']}, {r['pillar']})", 70, 4) for r in part],
            hovertemplate=("<b>%{hovertext}</b><br>As written: “%{customdata[0]}”<br>Window: %{customdata[1]} – "
                           "%{customdata[2]}<br>Quote: “%{customdata[3]}”<br>What the documents say: "
                           "%{customdata[4]}<extra>" + STATUS[status] + "</extra>")))
    # the axis spans the windows and the end of the roll-out; an as-of date past them is named at
    # its right edge instead of stretching every window thin
    drawn = [rows] + ([baseline] if baseline is not None and not baseline.empty else [])
    windows = [_date(d) for frame in drawn for d in (*frame["due_from"], *frame["due_by"])]
    windows += [horizon_end] if horizon_end else []
    first, last = min(windows) - dt.timedelta(days=30), max(windows) + dt.timedelta(days=120)
    lines = [(as_of, f"as of {short_day(as_of)}", "#000", 0)] if first <= as_of <= last else []
    if horizon_end:  # drawn one above the other: close dates do not overlap
        lines.append((horizon_end, f"end of roll-out {short_day(horizon_end)}", "#CC79A7", 15))
    shapes = [dict(type="line", x0=_iso(day), x1=_iso(day), y0=0, y1=1, yref="paper",
                   line=dict(color=colour, width=2, dash="dot")) for day, _, colour, _ in lines]
    # the legend and the date axis on top, with the first rows; the dates' names inside the plot
    notes = [dict(x=_iso(day), y=1, yref="paper", text=text, showarrow=False, yanchor="top", yshift=-2 - lift,
                  xanchor="left", font=dict(color=colour, size=11), bgcolor="rgba(255,255,255,0.85)")
             for day, text, colour, lift in lines]
    if not first <= as_of <= last:
        notes.append(dict(x=1, xref="paper", y=1, yref="paper", xanchor="right", yanchor="top", yshift=-32,
                          showarrow=False, text=f"as of {short_day(as_of)} " + ("→" if as_of > last else "←"),
                          font=dict(color="#000", size=11), bgcolor="rgba(255,255,255,0.85)"))
    return _figure(bars, height, margin=dict(t=90, b=20, l=_text_px(labels)), barmode="overlay",
                   clickmode="event+select", shapes=shapes, annotations=notes, showlegend=True,
                   legend=dict(orientation="h", yref="container", y=1, yanchor="top", x=0, traceorder="normal"),
                   xaxis=dict(type="date", showgrid=True, gridcolor="#eee", side="top", range=[_iso(first), _iso(last)]),
                   yaxis=dict(categoryorder="array", categoryarray=labels[::-1], automargin=False))


DAY_MS = 86_400_000


def _date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _iso(value) -> str:
    return _date(value).isoformat()


def _days_ms(first, last) -> int:
    """The length of a window from `first` to `last` inclusive, in milliseconds (a date axis)."""
    return ((_date(last) - _date(first)).days + 1) * DAY_MS


def actor_heatmap(matrix: pd.DataFrame, pillars: pd.DataFrame, role: str = "measures", top: int = 30) -> go.Figure:
    """Actors (rows) x pillars (columns): the number of measures in one role ('lead', 'partner',
    'addressee') or in any role ('measures'), from queries.measures_per_actor; the `top` actors by
    actor_rank (the most involved first). A cell's customdata is 'actor_id|pillar_id'."""
    cells = matrix[matrix[role] > 0]
    if cells.empty:
        return _empty("No actor matches the filters.")
    ranked = cells.drop_duplicates("actor_id").sort_values("actor_rank").head(top)
    cols = [p for p in pillars["pillar_id"] if p in set(cells["pillar_id"])]
    short = dict(zip(pillars["pillar_id"], pillars["short_name"]))
    counts = dict(zip(zip(cells["actor_id"], cells["pillar_id"]), cells[role]))  # one row per actor and pillar
    rows = ranked.iloc[::-1]  # drawn bottom to top: the most involved on top
    z = [[int(counts.get((a, c), 0)) for c in cols] for a in rows["actor_id"]]
    x, y = [escape(short[c]) for c in cols], _unique([_label(a) for a in rows["actor"]])
    heat = go.Heatmap(
        z=z, x=x, y=y,
        customdata=[[f"{a}|{c}" for c in cols] for a in rows["actor_id"]], colorscale="Blues", zmin=0, xgap=2, ygap=2,
        text=[[str(v) if v else "" for v in row] for row in z], texttemplate="%{text}", showscale=False,
        hovertext=[[f"{escape(name)} in {escape(short[c])}: {plural(v, 'measure')}" for c, v in zip(cols, row)]
                   for name, row in zip(rows["actor"], z)],
        hovertemplate="%{hovertext}<extra></extra>")
    # Margins from the labels' length, not automargin: automargin lays the figure out twice a draw.
    return _figure([heat], 140 + ROW_PX * len(rows), margin=dict(l=_text_px(y), t=10 + _text_px(x) * 7 // 10),
                   clickmode="event+select", xaxis=dict(side="top", tickangle=-45))
