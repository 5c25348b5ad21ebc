"""Tables in words with their CSV and Excel downloads; a click on a row of a table that lists
measures opens that measure."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from tracker import export, queries, words
from tracker.filters import describe
from tracker.link import link_query, share_url, view
from tracker.session import database
from tracker.sidebar import counts


DATE_COLUMNS = ("due_from", "due_by", "outcome_on", "happened_on", "next_due_by", "published_on",
                "baseline_due_from", "baseline_due_by", "known_by")
EURO_COLUMNS = ("amount_eur", "new_money_eur", "baseline_amount_eur", "change_eur")
# The words that carry the answer: wide, and wrapped on rows tall enough for three lines.
ANSWER_COLUMNS = ("outcome_text", "note", "why", "what_due", "measure_title", "title")
ROW_PX = 74  # three lines of text a row, where a table holds answer columns


def column_config(columns, extra: dict | None = None) -> dict:
    """Headers in words, the quote wide, dates as dates, euros with separators."""
    config: dict = {}
    for col in columns:
        label = words.HEADERS.get(col, col.replace("_", " ").capitalize())
        if col == "source_quote":
            config[col] = st.column_config.TextColumn(label, width="large",
                                                      help="The words of the source text this row comes from")
        elif col in ANSWER_COLUMNS:
            config[col] = st.column_config.TextColumn(label, width="large" if col in ("outcome_text", "note", "why")
                                                      else "medium")
        elif col in DATE_COLUMNS:
            config[col] = st.column_config.DateColumn(label, format="D MMM YYYY")
        elif col in EURO_COLUMNS:
            config[col] = st.column_config.NumberColumn(label, format="%,.0f")
        elif col in ("source_url", "url"):
            config[col] = st.column_config.LinkColumn("Link", display_text="open", help="The official publication")
        else:
            config[col] = st.column_config.Column(label)
    return {**config, **(extra or {})}


def frame(df: pd.DataFrame, columns: list[str] | None = None, key: str | None = None, extra: dict | None = None,
          on_select=None) -> None:
    """A table in words: `columns` (default: all) shown in order, codes as words."""
    columns = list(columns or df.columns)
    kwargs = dict(on_select=on_select, selection_mode="single-cell") if on_select else {}
    tall = any(c in ANSWER_COLUMNS for c in columns)
    st.dataframe(words.readable(df[columns]), hide_index=True, column_config=column_config(columns, extra), key=key,
                 width="stretch", row_height=ROW_PX if tall else None, placeholder="", **kwargs)


def table(df: pd.DataFrame, key: str, title: str, columns: list[str], ids: list[str] = (),
          opens_measure: bool = False, extra: dict | None = None, heading: bool = False) -> None:
    """A data table in words with its CSV and Excel downloads: `columns` shown and exported in
    order, `ids` only exported, after them. With `opens_measure`, a click on any cell of a row
    opens its measure (the row's measure_id) on the measures page; with `heading`, the title is
    written above it."""
    if heading:
        st.subheader(title)
    on_select = (lambda: _row_opened(f"df_{key}", df)) if opens_measure else None
    frame(df, columns, key=f"df_{key}", extra=extra, on_select=on_select)
    if opens_measure:
        st.caption("Click any cell of a row to open its measure.")
        if st.session_state.get("_open_measure"):
            st.switch_page("pages/measures_page.py", query_params={**link_query(),
                                                                  "measure": st.session_state.pop("_open_measure")})
    downloads(lambda: df[exported(columns, ids)], key, title)


def _row_opened(key: str, df: pd.DataFrame) -> None:
    """Callback of a table that opens measures: the row of the cell clicked names the measure."""
    selection = (st.session_state.get(key) or {}).get("selection") or {}
    rows = [cell[0] for cell in selection.get("cells") or []] or selection.get("rows") or []
    if rows and 0 <= rows[0] < len(df):
        st.session_state["_open_measure"] = str(df.iloc[rows[0]]["measure_id"])


# A column shown as text (an amount with its qualifier, in words) is exported as the numbers it
# says: whole euros in one column, the qualifier in the next.
SAID_AS_TEXT = {"amount": ("amount_eur", "amount_qualifier"), "new_money": ("new_money_eur", "new_money_qualifier")}


def exported(columns: list[str], ids=()) -> list[str]:
    """The columns of an export: those shown, in order (an amount in words as its number and its
    qualifier), then the ids."""
    out: list[str] = []
    for col in [*columns, *ids]:
        for c in SAID_AS_TEXT.get(col, (col,)):
            if c not in out:
                out.append(c)
    return out


def on_screen(df: pd.DataFrame) -> pd.DataFrame:
    """The headers as the tables say them (an Excel file is read by people; ids keep their names)."""
    return df.rename(columns={c: words.HEADERS[c] for c in df.columns if c in words.HEADERS})


def downloads(make, key: str, title: str) -> None:
    """CSV and Excel buttons for a frame made by `make()` (only when a button is clicked); the
    file's name says what it holds and the filters; the Excel file's about sheet says the rest."""
    db, v = database(), view()
    version = queries.data_version(db)
    name = export.file_name(st.session_state.get("_page", "dashboard"), key, link_query(), v.as_of, version)
    n = counts()
    about = export.About(title, describe(v, queries.choices(db), n["measures"], n["background"]), version,
                         share_url())
    row = st.container(horizontal=True)
    row.download_button("Download CSV", data=lambda: export.to_csv(words.readable(make())), file_name=f"{name}.csv",
                      mime="text/csv", key=f"csv_{key}", icon=":material/download:", on_click="ignore")
    row.download_button("Download Excel", data=lambda: export.to_excel(on_screen(words.readable(make())), about),
                      file_name=f"{name}.xlsx", key=f"xlsx_{key}", icon=":material/table:", on_click="ignore",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
