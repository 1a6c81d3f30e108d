"""Page requests and pages, the shape every list shares."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from domain.errors import Invalid
from domain.i18n import _
from domain.parse import is_digits

T = TypeVar("T")
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    per_page: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @classmethod
    def parse(cls, args: Mapping[str, str], default_per_page: int = 20) -> PageRequest:
        """`page` (from 1) and `per_page` (1 to 100) from a query string."""
        errors = {}
        values = {}
        for name, default, top in (("page", 1, 1_000_000), ("per_page", default_per_page, MAX_PER_PAGE)):
            raw = (args.get(name) or "").strip()
            getlist = getattr(args, "getlist", None)
            if getlist is not None and len(getlist(name)) > 1:
                errors[name] = _("Une seule valeur est attendue.")
            elif not raw:
                values[name] = default
            elif not is_digits(raw) or not 1 <= int(raw) <= top:
                errors[name] = _("Doit être un entier entre 1 et %(max)s.", max=top)
            else:
                values[name] = int(raw)
        if errors:
            raise Invalid(errors)
        return cls(**values)


    @classmethod
    def lenient(cls, args: Mapping[str, str], default_per_page: int = 20) -> PageRequest:
        """For pages: a bad `page` / `per_page` in a link falls back to the first page instead of an error."""
        try:
            return cls.parse(args, default_per_page)
        except Invalid:
            return cls(per_page=default_per_page)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    request: PageRequest
    total: int

    @property
    def total_pages(self) -> int:
        return (self.total + self.request.per_page - 1) // self.request.per_page

    @property
    def has_next(self) -> bool:
        return self.request.page < self.total_pages

    @property
    def has_previous(self) -> bool:
        return self.request.page > 1

    def meta(self) -> dict[str, int | bool]:
        """The pagination block of the JSON API."""
        return {"current_page": self.request.page, "per_page": self.request.per_page,
                "total_items": self.total, "total_pages": self.total_pages,
                "has_next": self.has_next, "has_previous": self.has_previous}
