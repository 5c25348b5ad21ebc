"""A new shared filter is one entry of tracker.filters.FILTERS, one line of
sql/selected_measure_lines.sql and, when its values come from the data, one part of
sql/queries/choices.sql (the README's "How to add a filter"). This test follows those steps in a
copy of the code, for a throwaway filter on the measure type, and checks the link, the sentence
and the SQL; then the spec itself against the rest of the code."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import textwrap

from tests.conftest import DATA, ROOT
from tracker.filters import FILTERS, URL_KEYS, Choices, Filters, View, When, describe, parse_query

SCRIPT = textwrap.dedent("""
    import json, sys
    from tracker import queries
    from tracker.database import build
    from tracker.filters import describe, parse_query
    db = build(sys.argv[1])
    choices = queries.choices(db)
    view, notices = parse_query({"type": ["training", "nope"], "pillar": ["cbrn"]}, choices)
    rows = queries.measures(db, view.filters)
    print(json.dumps({"types": dict(choices.types), "notices": notices, "query": view.to_query(choices.default_as_of),
                      "params": view.filters.params()["types"],
                      "sentence": describe(view, choices, len(rows)), "measures": sorted(rows["measure_id"])}))
""")


def test_a_new_filter_takes_three_edits(tmp_path):
    copy = tmp_path / "copy"
    for part in ("tracker", "sql"):
        shutil.copytree(ROOT / part, copy / part)
    edits = {
        "tracker/filters.py": ('    Filter("q", "q", "text",',
                               '    Filter("type", "types", "ids", "Type of measure", "of type {}", '
                               'words={"training": "Training"}),\n    Filter("q", "q", "text",'),
        "sql/selected_measure_lines.sql": ("  and ((f).q is null",
                                           "  and ((f).types is null or list_contains((f).types, measure_type))\n"
                                           "  and ((f).q is null"),
        "sql/queries/choices.sql": ("order by filter_key", "union all\nselect distinct 'type', measure_type, measure_type, "
                                    "measure_type from measure_lines\norder by filter_key"),
    }
    for name, (old, new) in edits.items():
        path = copy / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, name
        path.write_text(text.replace(old, new), encoding="utf-8")

    out = subprocess.run([sys.executable, "-c", SCRIPT, str(DATA)], cwd=copy, capture_output=True, text=True,
                         timeout=120, env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    with open(DATA / "measures.csv", encoding="utf-8") as f:
        measures = list(csv.DictReader(f))
    assert set(got["types"]) == {m["measure_type"] for m in measures}  # the values, from the data
    assert got["types"]["training"] == "Training"
    assert got["notices"] == ["Ignored type='nope' from the link: no such type."]
    assert got["query"] == {"pillar": ["cbrn"], "type": ["training"]}  # the link
    assert got["params"] == ["training"]  # the SQL struct's field
    want = sorted(m["measure_id"] for m in measures if m["measure_type"] == "training" and m["pillar_id"] == "cbrn"
                  and m["status_at_publication"] != "context")
    assert want and got["measures"] == want  # the SQL line selects them
    assert got["sentence"] == f"{len(want)} measure{'s' if len(want) != 1 else ''} in CBRN of type Training, status as " \
                              "of 4 October 2024"


def test_the_spec_drives_the_url_keys_the_filters_and_the_sql_struct():
    assert URL_KEYS == (*(s.key for s in FILTERS), "as_of", "due_from", "due_to")
    assert list(Filters.__dataclass_fields__) == [s.field for s in FILTERS]
    assert set(Filters().params()) == {s.field for s in FILTERS}
    sql = (ROOT / "sql" / "selected_measure_lines.sql").read_text(encoding="utf-8")
    for s in FILTERS:
        if s.kind != "flag":  # background chooses deadlines and the statuses' default, not a line of its own
            assert f"(f).{s.field} is null" in sql, s.key


def test_every_filter_round_trips_through_the_link():
    choices = Choices(pillars={"cbrn": "CBRN"}, actors={"europol": "Europol"}, instruments={"Fund": "Fund"})
    values = {"ids": lambda s: (next(iter(getattr(choices, s.field))),), "text": lambda s: "forum", "flag": lambda s: True}
    for s in FILTERS:
        view = View(Filters(**{s.field: values[s.kind](s)}), When(choices.package_date))
        assert parse_query(view.to_query(choices.package_date), choices) == (view, []), s.key
        assert describe(view, choices, 2) != describe(View(Filters(), view.when), choices, 2), s.key
