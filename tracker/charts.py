"""Pure chart functions: a DataFrame in, a Plotly figure out. No data access, no Streamlit.

Colours: the Okabe-Ito palette (safe for the common colour-vision deficiencies), one colour
per pillar by its order, used the same way on every page; statuses have their own fixed set.
Every trace carries the source quote in its hover text.
"""
from __future__ import annotations

import datetime as dt
import textwrap

import pandas as pd
import plotly.graph_objects as go

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


def pillar_colour(pillar_no: int) -> str:
    return PILLAR_PALETTE[(int(pillar_no) - 1) % len(PILLAR_PALETTE)]


def wrap(text: str | None, width: int = 70, max_lines: int = 6) -> str:
    """Hover-safe text: wrapped with <br>, angle brackets escaped (data is never HTML)."""
    if not text:
        return ""
    safe = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = textwrap.wrap(safe, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return "<br>".join(lines)


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


def _layout(fig: go.Figure, title: str, height: int = 360, **kw) -> go.Figure:
    fig.update_layout(title=dict(text=title, x=0, font=dict(size=15)), height=height, font=FONT,
                      margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="white",
                      hoverlabel=dict(align="left"), **kw)
    return fig


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=14, color="#555"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, height=200)


def measures_per_pillar(summary: pd.DataFrame) -> go.Figure:
    """Horizontal bars: measures per pillar. Click a bar to filter on that pillar."""
    title = "Measures per pillar"
    if summary.empty or summary["measures"].sum() == 0:
        return _empty(title, "No measure matches the filters.")
    df = summary.sort_values("pillar_no", ascending=False)
    fig = go.Figure(go.Bar(
        x=df["measures"], y=df["short_name"], orientation="h",
        marker_color=[pillar_colour(n) for n in df["pillar_no"]],
        text=df["measures"], textposition="outside", cliponaxis=False,
        customdata=df[["pillar_id", "name"]].to_numpy(),
        hovertemplate="%{customdata[1]}<br>%{x} measures<extra></extra>",
    ))
    fig.update_xaxes(title="measures", showgrid=True, gridcolor="#eee")
    fig.update_yaxes(title=None)
    return _layout(fig, title, height=60 + 34 * len(df), showlegend=False, clickmode="event+select")


def funding_bars(df: pd.DataFrame, dimension: str, money_class: str) -> go.Figure:
    """Bars of one money class by a dimension (pillar, instrument, period, kind)."""
    label = {"pillar": "pillar", "instrument": "instrument", "period": "period", "kind": "funding_kind"}[dimension]
    title = f"{MONEY_LABELS[money_class]}, by {dimension}"
    part = df[df["money_class"] == money_class].copy()
    if part.empty:
        return _empty(title, "No amount of this kind under the filters.")
    if dimension == "kind":
        part["label"] = part["funding_kind"].map(KIND_LABELS).fillna(part["funding_kind"])
    else:
        part["label"] = part[label].astype(str)
    part["amount_m"] = part["amount_eur"].astype(float) / 1e6
    part["hover_quote"] = part["top_quote"].map(wrap)
    part["amount_text"] = part["amount_eur"].map(euro)
    colours = ([pillar_colour(n) for n in part["pillar_no"]] if dimension == "pillar"
               else MONEY_COLOURS[money_class])
    fig = go.Figure(go.Bar(
        x=part["label"], y=part["amount_m"], marker_color=colours,
        text=part["amount_text"], textposition="outside", cliponaxis=False,
        customdata=part[[label, "lines", "top_funding_id", "hover_quote", "amount_text"]].to_numpy(),
        hovertemplate=("<b>%{x}</b>: %{customdata[4]} in %{customdata[1]} line(s)<br>"
                       "Largest line %{customdata[2]}:<br>“%{customdata[3]}”<extra></extra>"),
    ))
    fig.update_yaxes(title="EUR million", showgrid=True, gridcolor="#eee", rangemode="tozero")
    fig.update_xaxes(title=None, automargin=True)
    return _layout(fig, title, height=380, showlegend=False, clickmode="event+select")


def funding_sunburst(lines: pd.DataFrame) -> go.Figure:
    """Money class -> pillar -> instrument. Stated totals are left out (they would count twice)."""
    title = "All amounts: new money and context, by pillar and instrument"
    df = lines[lines["money_class"] != "stated total"]
    if df.empty:
        return _empty(title, "No amount under the filters.")
    g = df.groupby(["money_class", "pillar", "instrument"], as_index=False)["amount_eur"].sum()
    ids, labels, parents, values = [], [], [], []
    for mc, part in g.groupby("money_class"):
        ids.append(mc); labels.append(MONEY_LABELS[mc]); parents.append(""); values.append(part["amount_eur"].sum())
        for pillar, sub in part.groupby("pillar"):
            pid = f"{mc}/{pillar}"
            ids.append(pid); labels.append(pillar); parents.append(mc); values.append(sub["amount_eur"].sum())
            for _, r in sub.iterrows():
                ids.append(f"{pid}/{r['instrument']}"); labels.append(r["instrument"]); parents.append(pid)
                values.append(r["amount_eur"])
    fig = go.Figure(go.Sunburst(
        ids=ids, labels=labels, parents=parents, values=[float(v) for v in values], branchvalues="total",
        customdata=[euro(v) for v in values],
        hovertemplate="%{label}<br>%{customdata}<br>%{percentRoot:.1%} of all amounts<extra></extra>",
        marker=dict(colors=[MONEY_COLOURS.get(i.split("/")[0], "#ccc") if "/" not in i else None for i in ids]),
    ))
    return _layout(fig, title, height=420)


def timeline(rows: pd.DataFrame, as_of: dt.date, horizon_end: dt.date | None,
             baseline: pd.DataFrame | None = None) -> go.Figure:
    """One bar per deadline window (due_from to due_by, inclusive), coloured by status, with
    lines at the as-of date and at the end of the roll-out. `baseline`, when given, is drawn
    as outlines behind (scenario view)."""
    title = "Deadlines: each window from its start to its end"
    if rows.empty:
        return _empty(title, "No deadline matches the filters.")
    df = rows.copy()
    df["label"] = [f"{p} · {wrap(w, 48, 1)}" for p, w in zip(df["pillar"], df["what_due"])]
    df["label"] = _unique(df["label"].tolist())
    order = df["label"].tolist()
    fig = go.Figure()
    if baseline is not None and not baseline.empty:
        b = baseline.set_index("deadline_id").reindex(df["deadline_id"]).reset_index()
        b["label"] = df["label"].values
        b = b.dropna(subset=["due_from"])
        start = pd.to_datetime(b["due_from"])
        end = pd.to_datetime(b["due_by"]) + pd.Timedelta(days=1)
        fig.add_trace(go.Bar(
            y=b["label"], x=(end - start).dt.total_seconds() * 1000, base=start.dt.strftime("%Y-%m-%d"),
            orientation="h", name="Baseline window", marker=dict(color="rgba(0,0,0,0)",
                                                                 line=dict(color="#333", width=1.5)),
            hovertemplate="Baseline: %{base|%d %b %Y}<extra></extra>", width=0.9,
        ))
    for status in STATUS_COLOURS:
        part = df[df["status"] == status]
        if part.empty:
            continue
        start = pd.to_datetime(part["due_from"])
        end = pd.to_datetime(part["due_by"]) + pd.Timedelta(days=1)
        fig.add_trace(go.Bar(
            y=part["label"], x=(end - start).dt.total_seconds() * 1000, base=start.dt.strftime("%Y-%m-%d"),
            orientation="h", name=STATUS_LABELS[status], marker_color=STATUS_COLOURS[status],
            customdata=list(zip(part["date_text"].map(lambda t: wrap(t, 60)),
                                pd.to_datetime(part["due_from"]).dt.strftime("%d %b %Y"),
                                pd.to_datetime(part["due_by"]).dt.strftime("%d %b %Y"),
                                part["source_quote"].map(wrap), part["measure_id"], part["pillar_id"])),
            hovertemplate=("<b>%{y}</b><br>As written: “%{customdata[0]}”<br>Window: %{customdata[1]} – "
                           "%{customdata[2]}<br>Quote: “%{customdata[3]}”<extra>" + STATUS_LABELS[status]
                           + "</extra>"),
            width=0.6,
        ))
    _vline(fig, as_of, f"as of {as_of:%d %b %Y}", "#000")
    if horizon_end:
        _vline(fig, horizon_end, f"end of roll-out {horizon_end:%d %b %Y}", "#CC79A7")
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#eee", title=None)
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1], title=None, automargin=True)
    height = 200 + 26 * len(df)
    plot_height = height - 60 - 90
    fig = _layout(fig, title, height=height, barmode="overlay", clickmode="event+select",
                  legend=dict(orientation="h", y=-36 / plot_height, yanchor="top", x=0))
    fig.update_layout(margin=dict(l=10, r=10, t=60, b=90))
    return fig


def _vline(fig: go.Figure, day: dt.date, text: str, colour: str) -> None:
    x = pd.Timestamp(day).strftime("%Y-%m-%d")
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", line=dict(color=colour, width=2, dash="dot"))
    fig.add_annotation(x=x, y=1, yref="paper", text=text, showarrow=False, yanchor="bottom",
                       font=dict(color=colour, size=11), bgcolor="rgba(255,255,255,0.8)")


def _unique(labels: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append(label if n == 0 else f"{label} ({n + 1})")
    return out


def actor_heatmap(matrix: pd.DataFrame, pillars: pd.DataFrame, top: int = 30) -> go.Figure:
    """Actors (rows) x pillars (columns): number of measures in any role. Click a cell to
    filter on that actor and pillar. Shows the `top` actors by count."""
    title = "Who is involved where: measures per actor and pillar"
    if matrix.empty:
        return _empty(title, "No actor matches the filters.")
    counts = matrix[["actor_id", "actor", "pillar_id", "measures"]]
    totals = counts.groupby(["actor_id", "actor"])["measures"].sum().sort_values(ascending=False)
    keep = totals.head(top)
    counts = counts[counts["actor_id"].isin(keep.index.get_level_values(0))]
    grid = counts.pivot_table(index=["actor_id", "actor"], columns="pillar_id", values="measures", fill_value=0)
    grid = grid.reindex(keep.index)
    cols = [p for p in pillars["pillar_id"] if p in grid.columns]
    grid = grid[cols]
    short = dict(zip(pillars["pillar_id"], pillars["short_name"]))
    x = [short[c] for c in cols]
    y = [a for _, a in grid.index][::-1]
    z = grid.to_numpy()[::-1]
    ids = [[f"{aid}|{c}" for c in cols] for aid, _ in grid.index][::-1]
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=y, customdata=ids, colorscale="Blues", zmin=0, xgap=2, ygap=2,
        text=[[str(int(v)) if v else "" for v in row] for row in z], texttemplate="%{text}",
        hovertemplate="%{y} in %{x}: %{z} measure(s)<extra></extra>", colorbar=dict(title="measures"),
    ))
    fig.update_xaxes(side="top", title=None, tickangle=-30, automargin=True)
    fig.update_yaxes(title=None, automargin=True)
    fig = _layout(fig, title, height=200 + 24 * len(y), clickmode="event+select")
    fig.update_layout(title=dict(y=0.995, yanchor="top"), margin=dict(l=10, r=10, t=40, b=10))
    return fig
