"""CSV and Excel downloads of a table as filtered.

A CSV starts with its header row (a spreadsheet opens it as a table); what it holds travels in
its file name (page, table, filters, date). An Excel file has the rows on sheet 'data' and, on
sheet 'about', the table's title, the filters in words, the link and the data version. Whole
euro amounts are written as whole numbers (18500000). Text cells that a spreadsheet would run
as a formula (starting with =, +, -, @, tab or carriage return) are prefixed with an
apostrophe, so a downloaded file never executes data.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_NAME = 100  # characters of the page, table and filters in a file name


@dataclass(frozen=True)
class About:
    title: str  # what the table is
    shown: str  # the filters, in the plain sentence of the page
    data_version: str
    link: str  # the query of the view, e.g. ?pillar=cbrn&as_of=2018-03-01


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy fit for a spreadsheet: formulas neutralised, whole amounts as whole numbers."""
    out = df.copy()
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_float_dtype(values) and values.dropna().apply(float.is_integer).all():
            out[col] = values.astype("Int64")
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            out[col] = values.map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def file_name(page: str, table: str, query: dict[str, list[str]], as_of, data_version: str) -> str:
    """'funding-funding_lines-pillar-cbrn-as_of-2018-03-01-data-2019-10-30.1': the page, the
    table, the filters of the link, the as-of date and the data version (the filters shortened
    when long), in letters, digits and - _ + . only."""
    filters = [f"{key}-{'+'.join(values)}" for key, values in query.items() if key != "as_of"]
    name = "-".join([page, table, *filters])[:MAX_NAME]
    name = f"{name}-as_of-{as_of.isoformat()}-data-{data_version}"
    return re.sub(r"[^A-Za-z0-9_+.-]+", "_", name).strip("_-")


def to_csv(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    safe_frame(df).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def to_excel(df: pd.DataFrame, about: About) -> bytes:
    """An .xlsx with the rows on sheet 'data' and what they are on sheet 'about'."""
    buf = io.BytesIO()
    frame = safe_frame(df)
    for col in frame.columns:  # Excel has no time zones
        if pd.api.types.is_datetime64_any_dtype(frame[col]) and getattr(frame[col].dt, "tz", None):
            frame[col] = frame[col].dt.tz_localize(None)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="data", index=False)
        pd.DataFrame({"about": [neutralise(x) for x in (
            f"Security Union tracker export: {about.title}", f"Shown: {about.shown}", f"Link: {about.link}",
            f"Data version: {about.data_version}", f"Rows: {len(df)}")]}).to_excel(writer, sheet_name="about",
                                                                                 index=False)
    return buf.getvalue()
