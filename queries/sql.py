"""What every query module builds its SQL with: PostgreSQL's dialect of PyPika, the `$n` placeholder, typed
helpers for the clauses PyPika's annotations do not let take a placeholder (LIMIT, OFFSET, ILIKE) or do not carry
through a chain (RETURNING, ON CONFLICT), `ANY(array)`, and the few statements run through one helper.

Statements are built once at import; every value is a bind parameter. Conventions (one per kind of statement):
simple statements on one table with PyPika; joins, CTEs, window counts, `unnest` and upserts as static SQL
strings with `$n` — composed from named pieces, never by string replacement."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import asyncpg
from pypika import Parameter
from pypika import PostgreSQLQuery as Q
from pypika.dialects import PostgreSQLQueryBuilder
from pypika.queries import QueryBuilder
from pypika.terms import Function, PseudoColumn, Term

TODAY = PseudoColumn("CURRENT_DATE")
NOW = PseudoColumn("now()")

__all__ = ["NOW", "TODAY", "Q", "any_of", "insert", "int_p", "like_pattern", "on_conflict_do_nothing", "one", "p",
           "returning", "str_p"]


def p(n: int) -> Parameter:
    """The n-th bind parameter, `$n` (asyncpg prepares the statement and sends the value apart)."""
    return Parameter(f"${n}")


class _Any(Function):
    def __init__(self, term: Term, *args: Any) -> None:
        super().__init__("ANY", term, *args)


def any_of(array: Term) -> Term:
    """`ANY(array)`: `column == any_of(p(3))` matches a column against an array parameter."""
    return _Any(array)


def int_p(n: int) -> int:
    """`$n` where PyPika's annotations want an int (`.limit(int_p(3))`): the placeholder renders as `$3`."""
    return cast(int, p(n))


def str_p(n: int) -> str:
    """`$n` where PyPika's annotations want a str (`.ilike(str_p(2))`, a pattern from like_pattern)."""
    return cast(str, p(n))


def like_pattern(text: str | None) -> str:
    """An ILIKE pattern matching `text` anywhere, its wildcards escaped (a bind parameter, never SQL)."""
    escaped = (text or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def returning(query: QueryBuilder, *columns: Any) -> QueryBuilder:
    """`… RETURNING columns` on an INSERT / UPDATE / DELETE built with PostgreSQL's dialect."""
    return cast(PostgreSQLQueryBuilder, query).returning(*columns)


def on_conflict_do_nothing(query: QueryBuilder) -> QueryBuilder:
    """`… ON CONFLICT DO NOTHING` on an INSERT built with PostgreSQL's dialect."""
    return cast(PostgreSQLQueryBuilder, query).on_conflict().do_nothing()


def insert(table: Any, columns: Sequence[str], first: int = 1) -> QueryBuilder:
    """`INSERT INTO table (columns) VALUES ($first, $first+1, …)`."""
    return Q.into(table).columns(*columns).insert(*[p(i) for i in range(first, first + len(columns))])


async def one(conn: asyncpg.Connection, sql: str, *args: Any) -> asyncpg.Record:
    """The row a statement always returns (an INSERT … RETURNING, a count); LookupError if it returned none."""
    row = await conn.fetchrow(sql, *args)
    if row is None:
        raise LookupError("the statement returned no row")
    return row
