"""What every query module builds its SQL with: PostgreSQL's dialect of PyPika, the `$n` placeholder, and the
few PostgreSQL forms PyPika lacks. Statements are built once at import; every value is a bind parameter."""
from __future__ import annotations

from typing import Any

from pypika import Parameter
from pypika import PostgreSQLQuery as Q
from pypika.terms import Function, PseudoColumn, Term

TODAY = PseudoColumn("CURRENT_DATE")
NOW = PseudoColumn("now()")

__all__ = ["NOW", "TODAY", "Q", "any_of", "p"]


def p(n: int) -> Parameter:
    """The n-th bind parameter, `$n` (asyncpg prepares the statement and sends the value apart)."""
    return Parameter(f"${n}")


class _Any(Function):
    def __init__(self, term: Term, *args: Any) -> None:
        super().__init__("ANY", term, *args)


def any_of(array: Term) -> Term:
    """`ANY(array)`: `column == any_of(p(3))` matches a column against an array parameter."""
    return _Any(array)
