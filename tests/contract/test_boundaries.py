"""A domain's tables are its own: no module outside the domain names one of them in SQL text
(import-linter checks the imports of ``tables`` modules; this checks the strings)."""

from __future__ import annotations

import re
from pathlib import Path

from lifeboat.piccolo_app import TABLES

PACKAGE = Path(__file__).resolve().parents[2] / "backend" / "lifeboat"
# Not domains: the migrations create every table, and the composition root lists them.
OUTSIDE_DOMAINS = ("db/migrations/", "piccolo_app.py")


def owner(table: type) -> str:
    """``lifeboat.restore.runs.tables`` -> ``restore``."""
    return table.__module__.split(".")[1]


def sql_naming(tablename: str) -> re.Pattern[str]:
    return re.compile(rf"\b(from|join|into|update|table)\s+{re.escape(tablename)}\b", re.IGNORECASE)


def sources() -> list[tuple[str, str]]:
    found = []
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.sql")]):
        relative = path.relative_to(PACKAGE).as_posix()
        if not relative.startswith(OUTSIDE_DOMAINS):
            found.append((relative, path.read_text()))
    return found


def test_no_module_names_another_domains_table_in_sql() -> None:
    files = sources()
    assert len(files) > 50  # the scan sees the package
    crossings = []
    for table in TABLES:
        domain, pattern = owner(table), sql_naming(table._meta.tablename)
        for relative, text in files:
            if relative.split("/")[0] != domain and pattern.search(text):
                crossings.append(f"{relative} names {domain}'s table {table._meta.tablename}")
    assert crossings == []


def test_the_check_sees_a_crossing() -> None:
    # The pattern the test above relies on finds SQL that reads a table, not prose about it.
    pattern = sql_naming("job")
    assert pattern.search("select status from job where id = $1")
    assert pattern.search("update job set receipt_key = $2")
    assert not pattern.search("the job engine's job table")
