"""Translatable messages produced by the domain, without importing the web layer.

`_("Texte %(n)s", n=3)` returns a `Msg`: a str (the French text, formatted) that also keeps its template and
parameters, so the web layer can translate it into the reader's language with the same catalogue the templates use
(Babel extracts `_` calls from domain/ too).
"""
from __future__ import annotations

from typing import Any


class Msg(str):
    """French text that remembers its gettext template and parameters."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Msg:
        obj = super().__new__(cls, template % params if params else template)
        obj.template = template
        obj.params = params
        return obj

    def translate(self, gettext: Any) -> str:
        """The message in the language of `gettext` (parameters that are messages themselves too)."""
        text = gettext(self.template)
        if not self.params:
            return text
        return text % {k: v.translate(gettext) if isinstance(v, Msg) else v for k, v in self.params.items()}


def _(template: str, **params: Any) -> Msg:
    """Mark a French message for translation."""
    return Msg(template, **params)
