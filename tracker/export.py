"""CSV and Excel downloads of a table as filtered, carrying the filters and the data version.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
carriage return) are prefixed with an apostrophe, so a downloaded file never executes data.
"""
from __future__ import annotations

import io

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def about_lines(title: str, description: str, data_version: str, rows: int) -> list[str]:
    return [
        f"Security Union tracker export: {title}",
        f"Shown: {description}",
        f"Data version: {data_version}",
        f"Rows: {rows}",
    ]


def to_csv(df: pd.DataFrame, title: str, description: str, data_version: str) -> bytes:
    """CSV with the filters and version as leading '# ' lines, then the header and rows."""
    buf = io.StringIO()
    for line in about_lines(title, description, data_version, len(df)):
        buf.write("# " + neutralise(line).replace("\n", " ") + "\n")
    safe_frame(df).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def to_excel(df: pd.DataFrame, title: str, description: str, data_version: str) -> bytes:
    """An .xlsx with the rows on sheet 'data' and the filters and version on sheet 'about'."""
    buf = io.BytesIO()
    frame = safe_frame(df)
    for col in frame.columns:  # Excel has no time zones and no nullable dtypes
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = frame[col].dt.tz_localize(None) if getattr(frame[col].dt, "tz", None) else frame[col]
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="data", index=False)
        about = pd.DataFrame({"about": [neutralise(x) for x in about_lines(title, description, data_version,
                                                                            len(df))]})
        about.to_excel(writer, sheet_name="about", index=False)
    return buf.getvalue()


def read_csv_export(data: bytes) -> pd.DataFrame:
    """Read back a CSV made by to_csv (skips the '# ' lines)."""
    text = data.decode("utf-8")
    body = "\n".join(line for line in text.split("\n") if not line.startswith("# "))
    return pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
