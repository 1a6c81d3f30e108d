"""Errors at the web edge, mapped once: each domain error's HTTP status and reason (the same for pages and the
API), and the HTML answer for errors no view handled itself."""
from __future__ import annotations

from urllib.parse import quote

from quart import g, redirect, request
from quart.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, TooManyAttempts, Unauthorized
from web.htmx import page
from web.i18n import gettext as t
from web.i18n import tr

# A malformed body (web.jsonapi.MalformedBody, an Invalid) is 400: that test is made where it is raised.
_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (Invalid, 422), (NotFound, 404), (Unauthorized, 401), (Forbidden, 403), (Conflict, 409), (TooManyAttempts, 429))


def status_of(error: Exception) -> int:
    """The HTTP status answering an error: a domain error by its kind, an HTTP exception by its code."""
    if isinstance(error, Invalid) and getattr(error, "malformed", False):
        return 400
    for kind, status in _STATUS:
        if isinstance(error, kind):
            return status
    if isinstance(error, HTTPException):
        return error.code or 500
    return 400


def reason_of(error: DomainError) -> str:
    """What a refused action says to the user, in their language (an invalid input: its first message)."""
    if isinstance(error, Invalid):
        return tr(next(iter(error.errors.values()), ""))
    if isinstance(error, (Forbidden, Conflict)):
        return tr(error.reason)
    return ""


async def html_error(error: Exception) -> ResponseReturnValue:
    """A small error page in the reader's language (a redirect to the login page for Unauthorized)."""
    if isinstance(error, Unauthorized):
        target = request.full_path.rstrip("?") if request.method == "GET" else "/"
        moved = redirect(f"/login?next={quote(target)}", 303)
        if request.headers.get("HX-Request"):
            moved.headers["HX-Redirect"] = "/login"
        return moved
    status, message = status_of(error), t("La demande n'a pas pu être traitée.")
    if status == 404:
        message = t("Cette page n'existe pas, ou vous n'y avez pas accès.")
    elif isinstance(error, (Forbidden, Conflict)):
        message = reason_of(error)
    elif isinstance(error, TooManyAttempts):
        message = t("Trop de tentatives. Réessayez dans quelques minutes.")
    elif isinstance(error, Invalid):
        message = "; ".join(f"{k} : {tr(v)}" for k, v in error.errors.items())
    elif status == 413:
        message = t("Le fichier envoyé est trop volumineux.")
    response = await page("errors/error.html", "error", status, code=status, message=message,
                          request_id=g.get("request_id"))
    if isinstance(error, TooManyAttempts):
        response.headers["Retry-After"] = str(error.retry_after)
    return response
