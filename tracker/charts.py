"""Pure chart functions: a query result (a DataFrame) in, a Plotly figure out. No data access,
no Streamlit. A figure has no title of its own: the page writes it above the chart (ui.chart),
where a narrow screen wraps it and the chart's toolbar never covers it.

Colours: the Okabe-Ito palette (safe for the common colour-vision deficiencies), one colour
per pillar by its order, used the same way on every page; statuses have their own fixed set.
Every mark carries its source quote in its hover text. Text from the data is escaped (&, <, >)
wherever a figure shows it: Plotly reads a few HTML tags in labels and hover texts.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from tracker.words import FUNDING_KIND, STATUS, euro, money, short_day

PILLAR_PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#999999", "#F0E442")
STATUS_COLOURS = {
    "overdue": "#D55E00",
    "due_now": "#E69F00",
    "upcoming": "#0072B2",
    "delivered": "#009E73",
    "context": "#BBBBBB",
}
FONT = dict(family="Source Sans Pro, sans-serif", size=13)
LABEL_WIDTH = 26  # characters per line of an axis label (two lines at most: narrow on a phone)
ROW_PX = 34  # height of a labelled row


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


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append(label if n == 0 else f"{label} ({n + 1})")
    return out


def _layout(fig: go.Figure, height: int) -> go.Figure:
    """The look every figure shares: the font, a white background, room for the toolbar."""
    fig.update_layout(height=height, font=FONT, margin=dict(l=10, r=10, t=30, b=10), plot_bgcolor="white",
                      hoverlabel=dict(align="left"))
    return fig


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=14, color="#555"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, 160)


def measures_per_pillar(summary: pd.DataFrame) -> go.Figure:
    """Horizontal bars: the package's measures per pillar (rows of queries.pillar_summary, in
    pillar order), the first pillar on top. A bar's customdata starts with its pillar_id (a
    click filters)."""
    if not summary["measures"].sum():
        return _empty("No measure matches the filters.")
    rows = summary.iloc[::-1]  # drawn bottom to top
    fig = go.Figure(go.Bar(
        x=rows["measures"], y=[escape(n) for n in rows["short_name"]], orientation="h",
        marker_color=[pillar_colour(n) for n in rows["pillar_no"]], text=rows["measures"], textposition="outside",
        cliponaxis=False, customdata=[[i, escape(n)] for i, n in zip(rows["pillar_id"], rows["name"])],
        hovertemplate="%{customdata[1]}<br>%{x} measures<extra></extra>"))
    fig.update_layout(showlegend=False, clickmode="event+select")
    fig.update_xaxes(title_text="measures", showgrid=True, gridcolor="#eee")
    return _layout(fig, 40 + 34 * len(rows))


FUNDING_LABEL = {"pillar": "pillar", "instrument": "instrument", "period": "period", "kind": "funding_kind"}


def funding_bars(df: pd.DataFrame, dimension: str, y_max_m: float | None = None) -> go.Figure:
    """Bars of new money by a dimension (pillar, instrument, period, kind), from the rows of
    queries.funding_breakdown for that dimension: each bar says its sum with the qualifier of
    its lines ("up to €118.5 million"). `y_max_m` fixes the top of the axis (EUR million), so
    that two charts side by side compare. A bar's customdata starts with what a click narrows
    to (pillar_id or instrument)."""
    if df.empty:
        return _empty("No new money under the filters.")
    keys = df["funding_kind"].map(lambda k: FUNDING_KIND.get(k, k)) if dimension == "kind" else df[FUNDING_LABEL[dimension]]
    texts = [money(a, q) for a, q in zip(df["amount_eur"], df["amount_qualifier"])]
    ids = df["pillar_id"] if dimension == "pillar" else df[FUNDING_LABEL[dimension]]
    fig = go.Figure(go.Bar(
        x=[escape(k) for k in keys], y=df["amount_eur"].astype(float) / 1e6, text=texts, textposition="outside",
        cliponaxis=False,
        marker_color=[pillar_colour(n) for n in df["pillar_no"]] if dimension == "pillar" else "#0072B2",
        customdata=[[i, n, wrap(q), t] for i, n, q, t in zip(ids, df["lines"], df["top_quote"], texts)],
        hovertemplate=("<b>%{x}</b>: %{customdata[3]} in %{customdata[1]} line(s)<br>"
                       "Largest line: “%{customdata[2]}”<extra></extra>")))
    fig.update_layout(showlegend=False, clickmode="event+select")
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(title_text="EUR million", showgrid=True, gridcolor="#eee", rangemode="tozero",
                     range=[0, y_max_m] if y_max_m else None)
    return _layout(fig, 360)


def timeline(rows: pd.DataFrame, as_of: dt.date, horizon_end: dt.date | None,
             baseline: pd.DataFrame | None = None) -> go.Figure:
    """One bar per deadline window (due_from to due_by, inclusive), coloured by status, with
    lines at the as-of date and at the end of the roll-out. `baseline`, when given, is drawn as
    outlines behind (the what-if page). A bar's customdata ends with its measure_id and pillar_id."""
    if rows.empty:
        return _empty("No deadline matches the filters.")
    labels = _unique([_label(f"{p} · {w}") for p, w in zip(rows["pillar"], rows["what_due"])])
    label_of = dict(zip(rows["deadline_id"], labels))
    height = 190 + ROW_PX * len(labels)
    fig = _layout(go.Figure(), height)
    if baseline is not None and not baseline.empty:
        base = baseline[baseline["deadline_id"].isin(label_of)]
        fig.add_trace(go.Bar(
            y=[label_of[d] for d in base["deadline_id"]], x=[_days_ms(a, b) for a, b in zip(base["due_from"], base["due_by"])],
            base=[_iso(d) for d in base["due_from"]], orientation="h", name="Baseline window", width=0.9,
            marker=dict(color="rgba(0,0,0,0)", line=dict(color="#333", width=1.5)),
            hovertemplate="Baseline: %{base|%d %b %Y}<extra></extra>"))
    for status, colour in STATUS_COLOURS.items():
        part = rows[rows["status"] == status]
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            y=[label_of[d] for d in part["deadline_id"]], x=[_days_ms(a, b) for a, b in zip(part["due_from"], part["due_by"])],
            base=[_iso(d) for d in part["due_from"]], orientation="h", name=STATUS[status], marker_color=colour,
            width=0.6,
            customdata=[[wrap(t, 60), short_day(_date(a)), short_day(_date(b)), wrap(q), m, p]
                        for t, a, b, q, m, p in zip(part["date_text"], part["due_from"], part["due_by"],
                                                    part["source_quote"], part["measure_id"], part["pillar_id"])],
            hovertemplate=("<b>%{y}</b><br>As written: “%{customdata[0]}”<br>Window: %{customdata[1]} – "
                           "%{customdata[2]}<br>Quote: “%{customdata[3]}”<extra>" + STATUS[status] + "</extra>")))
    lines = [(as_of, f"as of {short_day(as_of)}", "#000", 0)]
    if horizon_end:  # drawn one above the other: close dates do not overlap
        lines.append((horizon_end, f"end of roll-out {short_day(horizon_end)}", "#CC79A7", 15))
    for day, text, colour, lift in lines:
        fig.add_shape(type="line", x0=_iso(day), x1=_iso(day), y0=0, y1=1, yref="paper",
                      line=dict(color=colour, width=2, dash="dot"))
        fig.add_annotation(x=_iso(day), y=1, yref="paper", text=text, showarrow=False, yanchor="bottom", yshift=lift,
                           font=dict(color=colour, size=11), bgcolor="rgba(255,255,255,0.8)")
    fig.update_layout(barmode="overlay", clickmode="event+select", margin=dict(t=50, b=90),
                      legend=dict(orientation="h", y=-36 / (height - 140), yanchor="top", x=0))
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#eee")
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], automargin=True)
    return fig


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
    'addressee') or in any role ('measures'), from queries.actor_matrix; the `top` actors by
    actor_rank (the most involved first). A cell's customdata is 'actor_id|pillar_id'."""
    cells = matrix[matrix[role] > 0]
    if cells.empty:
        return _empty("No actor matches the filters.")
    ranked = cells.drop_duplicates("actor_id").sort_values("actor_rank").head(top)
    cols = [p for p in pillars["pillar_id"] if p in set(cells["pillar_id"])]
    short = dict(zip(pillars["pillar_id"], pillars["short_name"]))
    counts = cells.pivot_table(index="actor_id", columns="pillar_id", values=role, aggfunc="sum", fill_value=0)
    rows = ranked.iloc[::-1]  # drawn bottom to top: the most involved on top
    z = [[int(counts.at[a, c]) if c in counts.columns else 0 for c in cols] for a in rows["actor_id"]]
    fig = go.Figure(go.Heatmap(
        z=z, x=[escape(short[c]) for c in cols], y=_unique([_label(a) for a in rows["actor"]]),
        customdata=[[f"{a}|{c}" for c in cols] for a in rows["actor_id"]], colorscale="Blues", zmin=0, xgap=2, ygap=2,
        text=[[str(v) if v else "" for v in row] for row in z], texttemplate="%{text}", showscale=False,
        hovertemplate="%{y} in %{x}: %{z} measure(s)<extra></extra>"))
    _layout(fig, 140 + ROW_PX * len(rows))
    fig.update_layout(clickmode="event+select", margin=dict(t=20))
    fig.update_xaxes(side="top", tickangle=-45, automargin=True)
    fig.update_yaxes(automargin=True)
    return fig
