"""The tracker's commands.

`python -m tracker check [DATA_DIR]`: validate a data folder. Exit 0 with a one-screen summary
(rows per table, money totals, deadlines), or exit 1 with one line per problem naming file,
line, column, what is wrong and the fix.

`python -m tracker build [DATA_DIR]`: build the data folder's database into its file in the cache
folder (TRACKER_CACHE_DIR), once per data version, and print the file's path: servers and
replicas then open it read-only at start instead of building. Exit 1 with the problems, like
`check`, when the folder has any (no file is written).

`python -m tracker serve [STREAMLIT OPTIONS]`: `streamlit run dashboard.py [STREAMLIT OPTIONS]`
in this process, with the data folder (TRACKER_DATA_DIR) loaded from the start, in the
background, instead of when the first browser arrives: on a large folder the first page is
ready seconds sooner; and the first browser after a start that opens a link to a page other
than the overview gets no "Page not found" dialog. `make run` and the Dockerfile start the
dashboard this way.
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

from tracker import queries
from tracker.database import DEFAULT_DATA_DIR, build, cache_dir, fingerprint, open_built
from tracker.filters import Filters, When
from tracker.words import money


def _load(data_dir: Path, opener, outcome: str, out):
    """(the folder's database, 0), or (None, the exit code) after printing why: no such folder
    (2), or its problems, one a line, then how many (1)."""
    if not data_dir.is_dir():
        print(f"{data_dir}: no such folder.", file=out)
        return None, 2
    db = opener(data_dir)
    for p in db.problems:
        print(str(p), file=out)
    n = len(db.problems)
    if n:
        print(f"{n} problem{'s' if n != 1 else ''} in {data_dir}; {outcome}.", file=out)
        return None, 1
    return db, 0


def check(data_dir: Path, out=sys.stdout) -> int:
    db, code = _load(data_dir, build, "nothing was loaded", out)
    if db is None:
        return code
    pkg = queries.package(db)
    counts = queries.table_counts(db)
    k = queries.headline(db, Filters(background=True), When(pkg["published_on"]))
    print(f"{data_dir}: OK", file=out)
    print(f"{pkg['title']} — published {pkg['published_on']}, data version {pkg['data_version']}", file=out)
    width = max(len(t) for t in counts)
    for table, n in counts.items():
        print(f"  {table:<{width}}  {n:>8,} rows", file=out)
    print(f"  new money of the package: {money(k['new_money_eur'], k['new_money_qualifier'])} "
          f"({k['new_money_eur']:,.0f} EUR in {k['new_lines']} lines)", file=out)
    print(f"  context amounts:          {k['context_figures']} quoted, each of its own kind and period (never added up)",
          file=out)
    horizon = pkg["horizon_end"]
    print(f"  roll-out horizon: {pkg['horizon_months']} months, to {horizon}", file=out)
    return 0


def build_file(data_dir: Path, out=sys.stdout) -> int:
    db, code = _load(data_dir, open_built, "nothing was built", out)
    if db is None:
        return code
    db.con.close()
    print(cache_dir() / f"{fingerprint(data_dir)}.duckdb", file=out)
    return 0


def serve(options: list[str]) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    from tracker import session

    # dashboard.py lays the pages out with st.navigation, but Streamlit treats a pages/ folder the
    # legacy way until the first st.navigation call of the process: the first browser to open a
    # link to /timeline would get a "Page not found" dialog over the right page. Streamlit turns
    # this flag off itself at that first call; here it is off from the start.
    PagesManager.uses_pages_directory = False
    threading.Thread(target=session.preload, name="tracker-preload", daemon=True).start()
    sys.argv = ["streamlit", "run", str(Path(__file__).resolve().parent.parent / "dashboard.py"), *options]
    return cli.main()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="validate a data folder")
    c.add_argument("data_dir", nargs="?", default=os.environ.get("TRACKER_DATA_DIR") or str(DEFAULT_DATA_DIR))
    b = sub.add_parser("build", help="build the data folder's database file in the cache folder")
    b.add_argument("data_dir", nargs="?", default=os.environ.get("TRACKER_DATA_DIR") or str(DEFAULT_DATA_DIR))
    sub.add_parser("serve", help="serve the dashboard (streamlit run dashboard.py), loading the data from the start")
    args, rest = parser.parse_known_args(argv)
    if args.command == "serve":
        return serve(rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "check":
        return check(Path(args.data_dir))
    if args.command == "build":
        return build_file(Path(args.data_dir))
    return 2


if __name__ == "__main__":
    sys.exit(main())
