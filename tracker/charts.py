"""Pure chart functions: a query result in (a DataFrame, or an Arrow table where the query
gives one), a Plotly figure out. No data access, no Streamlit.

Colours: the Okabe-Ito palette (safe for the common colour-vision deficiencies), one colour
per pillar by its order, used the same way on every page; statuses have their own fixed set.
Every trace carries the source quote in its hover text. Text from the data is escaped (&, <, >)
wherever a figure shows it: Plotly reads a few HTML tags in labels and hover texts.
"""
from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import plotly.colors
import plotly.graph_objects as go
import plotly.io as pio
import pyarrow as pa

PILLAR_PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#999999", "#F0E442")
STATUS_COLOURS = {
    "overdue": "#D55E00",
    "due_now": "#E69F00",
    "upcoming": "#0072B2",
    "delivered": "#009E73",
    "context": "#BBBBBB",
}
STATUS_LABELS = {
    "overdue": "Past deadline, no delivery recorded",
    "due_now": "Due now (inside its window)",
    "upcoming": "Upcoming",
    "delivered": "Delivered",
    "context": "Past event (context)",
}
MONEY_COLOURS = {"new": "#0072B2", "context": "#999999"}
MONEY_LABELS = {"new": "New money of the package", "context": "Context amounts (not new money)"}
KIND_LABELS = {
    "new_call": "New call", "new_funding": "New funding", "existing_budget": "Existing budget",
    "past_spending": "Past spending", "comparison": "Comparison", "aggregate": "Stated total",
}
FONT = dict(family="Source Sans Pro, sans-serif", size=13)
BLUES = plotly.colors.get_colorscale("Blues")  # spelt out: a figure is sent as built (see VALIDATE)


def pillar_colour(pillar_no: int) -> str:
    return PILLAR_PALETTE[(int(pillar_no) - 1) % len(PILLAR_PALETTE)]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    return "<br>".join(_escape(x) for x in lines)


def euro(amount: float) -> str:
    amount = float(amount or 0)
    if amount >= 1e9:
        return f"€{amount / 1e9:,.2f} billion"
    if amount >= 1e6:
        return f"€{amount / 1e6:,.1f} million".replace(".0 million", " million")
    return f"€{amount:,.0f}"


def euro_short(amount: float) -> str:
    """Compact euros for headline figures: €121.5m, €1.10bn, €500,000."""
    amount = float(amount or 0)
    if amount >= 1e9:
        return f"€{amount / 1e9:,.2f}bn"
    if amount >= 1e6:
        return f"€{amount / 1e6:,.1f}m".replace(".0m", "m")
    return f"€{amount:,.0f}"


# Plotly checks every property of a new figure against its schema, which costs four times as
# much as building it (2 ms for a timeline of 20 windows); and a go.Figure built without the
# checks still turns its dicts into objects, which st.plotly_chart turns back into dicts (1-1.5
# ms a chart). The dashboard's figures are those dicts from the start (FigureSpec); the tests
# build every one as a checked go.Figure (VALIDATE = True, see tests/conftest.py) and check that
# both give the same JSON (tests/test_charts.py).
VALIDATE = False


@functools.cache
def _template(name: str) -> dict:
    """The layout.template a go.Figure gets from the default template `name`."""
    return go.Figure(_validate=False).to_dict()["layout"]["template"]


class FigureSpec(go.Figure):
    """A figure kept as the dict go.Figure.to_dict would give (data, layout with the default
    template). st.plotly_chart and plotly.io read a figure through to_dict() alone, so this is
    all they need; it has none of go.Figure's other attributes (no objects are built): a page
    hands it to ui.chart and does nothing else with it."""

    def __init__(self, data: list[dict], layout: dict):  # go.Figure.__init__ is what this skips
        self._spec = {"data": data, "layout": {**layout, "template": _template(pio.templates.default)}}

    def to_dict(self) -> dict:
        return self._spec


def _figure(traces: list[dict], heading: str, height: int, **layout) -> go.Figure:
    """One figure from plain trace and layout dicts: a checked go.Figure in the tests, else a
    FigureSpec."""
    base = dict(title=dict(text=heading, x=0, font=dict(size=15)), height=height, font=FONT,
                margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="white", hoverlabel=dict(align="left"))
    for key, value in layout.items():
        base[key] = {**base[key], **value} if isinstance(base.get(key), dict) and isinstance(value, dict) else value
    return go.Figure(data=traces, layout=base) if VALIDATE else FigureSpec(traces, base)


def _empty(title: str, message: str) -> go.Figure:
    return _figure([], title, 200, xaxis=dict(visible=False), yaxis=dict(visible=False),
                   annotations=[dict(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                                     font=dict(size=14, color="#555"))])


def measures_per_pillar(summary: pa.Table) -> go.Figure:
    """Horizontal bars: measures per pillar (rows of queries.pillar_summary, in pillar order).
    Click a bar to filter on that pillar."""
    title = "Measures per pillar"
    # bottom to top: the first pillar on top
    measures, names, numbers, ids, full = (summary[c].to_pylist()[::-1]
                                           for c in ("measures", "short_name", "pillar_no", "pillar_id", "name"))
    if not sum(measures):
        return _empty(title, "No measure matches the filters.")
    names, full = [_escape(n) for n in names], [_escape(n) for n in full]
    bar = dict(type="bar", x=measures, y=names, orientation="h",
               marker=dict(color=[pillar_colour(n) for n in numbers]),
               text=[str(n) for n in measures], textposition="outside", cliponaxis=False,
               customdata=[[i, n] for i, n in zip(ids, full)],
               hovertemplate="%{customdata[1]}<br>%{x} measures<extra></extra>")
    return _figure([bar], title, 60 + 34 * len(measures), showlegend=False, clickmode="event+select",
                   xaxis=dict(title=dict(text="measures"), showgrid=True, gridcolor="#eee"))


FUNDING_LABEL = {"pillar": "pillar", "instrument": "instrument", "period": "period", "kind": "funding_kind"}


def funding_bars(df: pd.DataFrame, dimension: str, money_class: str, title: str | None = None,
                 y_max_m: float | None = None) -> go.Figure:
    """Bars of one money class by a dimension (pillar, instrument, period, kind), from rows of
    queries.funding_by (or funding_breakdown for that dimension). `y_max_m` fixes the top of
    the axis (EUR million), so that two charts side by side compare."""
    label = FUNDING_LABEL[dimension]
    title = title or f"{MONEY_LABELS[money_class]}, by {dimension}"
    part = df[df["money_class"] == money_class]
    if part.empty:
        return _empty(title, "No amount of this kind under the filters.")
    if dimension == "kind":
        labels = [_escape(KIND_LABELS.get(k, k)) for k in part["funding_kind"]]
    else:
        labels = [_escape(str(x)) for x in part[label]]
    amounts = [float(a) for a in part["amount_eur"]]
    texts = [euro(a) for a in amounts]
    colours = ([pillar_colour(n) for n in part["pillar_no"]] if dimension == "pillar"
               else MONEY_COLOURS[money_class])
    ids = part["pillar_id"] if dimension == "pillar" else part[label]  # what a click narrows to
    top_ids = [_escape(str(x)) for x in part["top_funding_id"]]
    customdata = [list(row) for row in zip(ids, part["lines"].tolist(), top_ids, part["top_quote"].map(wrap), texts)]
    bar = dict(type="bar", x=labels, y=[a / 1e6 for a in amounts], marker=dict(color=colours), text=texts,
               textposition="outside", cliponaxis=False, customdata=customdata,
               hovertemplate=("<b>%{x}</b>: %{customdata[4]} in %{customdata[1]} line(s)<br>"
                              "Largest line %{customdata[2]}:<br>“%{customdata[3]}”<extra></extra>"))
    yaxis = dict(title=dict(text="EUR million"), showgrid=True, gridcolor="#eee", rangemode="tozero")
    if y_max_m:
        yaxis["range"] = [0, y_max_m]
    return _figure([bar], title, 380, showlegend=False, clickmode="event+select", yaxis=yaxis,
                   xaxis=dict(automargin=True))


def funding_sunburst(sums: pd.DataFrame) -> go.Figure:
    """Money class -> pillar -> instrument, from the 'pillar_instrument' rows of
    queries.funding_breakdown (stated totals are left out there: they would count twice)."""
    title = "All amounts: new money and context, by pillar and instrument"
    if sums.empty:
        return _empty(title, "No amount under the filters.")
    nodes: list[tuple[str, str, str, float, str]] = []  # id, label, parent, euros, hover quote

    def add(node_id: str, label: str, parent: str, amount, quote: str = "") -> None:
        nodes.append((node_id, label, parent, float(amount), quote))

    for mc, part in sums.groupby("money_class", sort=True):
        add(mc, MONEY_LABELS[mc], "", part["amount_eur"].sum())
        for pillar, sub in part.groupby("pillar", sort=True):
            add(f"{mc}/{pillar}", _escape(pillar), mc, sub["amount_eur"].sum())
            for instrument, amount, fid, quote in zip(sub["instrument"], sub["amount_eur"], sub["top_funding_id"],
                                                      sub["top_quote"]):
                add(f"{mc}/{pillar}/{instrument}", _escape(instrument), f"{mc}/{pillar}", amount,
                    f"<br>Largest line {_escape(str(fid))}:<br>“{wrap(quote)}”")
    ids, labels, parents, values, quotes = (list(column) for column in zip(*nodes))
    sunburst = dict(type="sunburst", ids=ids, labels=labels, parents=parents, values=values, branchvalues="total",
                    customdata=[[euro(v), q] for v, q in zip(values, quotes)],
                    hovertemplate="%{label}<br>%{customdata[0]}<br>%{percentRoot:.1%} of all amounts"
                                  "%{customdata[1]}<extra></extra>",
                    marker=dict(colors=[MONEY_COLOURS.get(i, "#ccc") if "/" not in i else None for i in ids]))
    return _figure([sunburst], title, 420)


def _as_date(value) -> dt.date:
    """A date from a date, a datetime or a pandas Timestamp."""
    return value.date() if isinstance(value, dt.datetime) else value


DAY_MS = 86_400_000
LABEL_WIDTH = 26  # characters per line of an axis label (two lines at most)
ROW_PX = 34  # height of a labelled row


def timeline(rows: pd.DataFrame, as_of: dt.date, horizon_end: dt.date | None,
             baseline: pd.DataFrame | None = None) -> go.Figure:
    """One bar per deadline window (due_from to due_by, inclusive), coloured by status, with
    lines at the as-of date and at the end of the roll-out. `baseline`, when given, is drawn
    as outlines behind (scenario view)."""
    title = "Deadlines: each window from its start to its end"
    if rows.empty:
        return _empty(title, "No deadline matches the filters.")
    cols = ("deadline_id", "pillar", "pillar_id", "measure_id", "what_due", "date_text", "due_from", "due_by",
            "status", "source_quote")
    data = dict(zip(cols, (rows[c].tolist() for c in cols)))
    labels = _unique([_label(f"{p} · {w}") for p, w in zip(data["pillar"], data["what_due"])])
    starts = [_as_date(d) for d in data["due_from"]]
    ends = [_as_date(d) for d in data["due_by"]]
    traces: list[dict] = []
    if baseline is not None and not baseline.empty:
        windows = dict(zip(baseline["deadline_id"].tolist(),
                           zip(baseline["due_from"].tolist(), baseline["due_by"].tolist())))
        y, base, length = [], [], []
        for label, deadline in zip(labels, data["deadline_id"]):
            if deadline in windows:
                first, last = (_as_date(d) for d in windows[deadline])
                y.append(label)
                base.append(first.isoformat())
                length.append(((last - first).days + 1) * DAY_MS)
        traces.append(dict(type="bar", y=y, x=length, base=base, orientation="h", name="Baseline window", width=0.9,
                           marker=dict(color="rgba(0,0,0,0)", line=dict(color="#333", width=1.5)),
                           hovertemplate="Baseline: %{base|%d %b %Y}<extra></extra>"))
    for status, colour in STATUS_COLOURS.items():
        at = [i for i, s in enumerate(data["status"]) if s == status]
        if not at:
            continue
        customdata = [[wrap(data["date_text"][i], 60), f"{starts[i]:%d %b %Y}", f"{ends[i]:%d %b %Y}",
                       wrap(data["source_quote"][i]), data["measure_id"][i], data["pillar_id"][i]] for i in at]
        traces.append(dict(
            type="bar", y=[labels[i] for i in at], x=[((ends[i] - starts[i]).days + 1) * DAY_MS for i in at],
            base=[starts[i].isoformat() for i in at], orientation="h", name=STATUS_LABELS[status],
            marker=dict(color=colour), customdata=customdata, width=0.6,
            hovertemplate=("<b>%{y}</b><br>As written: “%{customdata[0]}”<br>Window: %{customdata[1]} – "
                           "%{customdata[2]}<br>Quote: “%{customdata[3]}”<extra>" + STATUS_LABELS[status]
                           + "</extra>")))
    shapes, notes = [], []
    for day, text, colour, lift in ((as_of, f"as of {as_of:%d %b %Y}", "#000", 0),
                                    (horizon_end, f"end of roll-out {horizon_end:%d %b %Y}" if horizon_end else "",
                                     "#CC79A7", 15)):  # one above the other: close dates do not overlap
        if not day:
            continue
        x = _as_date(day).isoformat()
        shapes.append(dict(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper",
                           line=dict(color=colour, width=2, dash="dot")))
        notes.append(dict(x=x, y=1, yref="paper", text=text, showarrow=False, yanchor="bottom", yshift=lift,
                          font=dict(color=colour, size=11), bgcolor="rgba(255,255,255,0.8)"))
    height = 215 + ROW_PX * len(labels)
    plot_height = height - 75 - 90
    return _figure(traces, title, height, barmode="overlay", clickmode="event+select", shapes=shapes,
                   annotations=notes, margin=dict(t=75, b=90),
                   legend=dict(orientation="h", y=-36 / plot_height, yanchor="top", x=0),
                   xaxis=dict(type="date", showgrid=True, gridcolor="#eee"),
                   yaxis=dict(categoryorder="array", categoryarray=labels[::-1], automargin=True))


def _label(text: str | None) -> str:
    """An axis label of at most two short lines: the label column stays narrow enough for the
    chart to keep most of a 390-px phone screen."""
    return wrap(text, LABEL_WIDTH, 2)


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append(label if n == 0 else f"{label} ({n + 1})")
    return out


def actor_heatmap(matrix: pa.Table, pillars: pd.DataFrame, role: str = "measures", top: int = 30) -> go.Figure:
    """Actors (rows) x pillars (columns): the number of measures in one role ('lead', 'partner',
    'addressee') or in any role ('measures'), from queries.actor_matrix. Click a cell to filter on
    that actor and pillar. Shows the `top` actors by count."""
    title = "Who is involved where: measures per actor and pillar"
    cells: dict[tuple[str, str], dict[str, int]] = {}  # (actor_id, actor) -> pillar_id -> count
    for actor_id, actor, pillar_id, n in zip(*(matrix[c].to_pylist() for c in ("actor_id", "actor", "pillar_id", role))):
        if n:
            row = cells.setdefault((actor_id, actor), {})
            row[pillar_id] = row.get(pillar_id, 0) + int(n)
    if not cells:
        return _empty(title, "No actor matches the filters.")
    keep = sorted(cells, key=lambda key: (-sum(cells[key].values()), key[0]))[:top]  # the most involved first
    present = {p for key in keep for p in cells[key]}
    cols = [p for p in pillars["pillar_id"].tolist() if p in present]
    short = dict(zip(pillars["pillar_id"].tolist(), pillars["short_name"].tolist()))
    keep = keep[::-1]  # drawn bottom to top
    y = _unique([_label(actor) for _, actor in keep])
    z = [[cells[key].get(c, 0) for c in cols] for key in keep]
    ids = [[f"{actor_id}|{c}" for c in cols] for actor_id, _ in keep]
    heat = dict(type="heatmap", z=z, x=[_escape(short[c]) for c in cols], y=y, customdata=ids, colorscale=BLUES,
                zmin=0, xgap=2, ygap=2, text=[[str(v) if v else "" for v in row] for row in z], texttemplate="%{text}",
                hovertemplate="%{y} in %{x}: %{z} measure(s)<extra></extra>", showscale=False)
    return _figure([heat], title, 160 + ROW_PX * len(y), clickmode="event+select",
                   title=dict(y=0.995, yanchor="top"), margin=dict(t=40),
                   xaxis=dict(side="top", tickangle=-45, automargin=True), yaxis=dict(automargin=True))
