"""HTML answers for errors no view handled itself."""
from __future__ import annotations

from urllib.parse import quote

from quart import g, redirect, request
from werkzeug.exceptions import HTTPException

from domain.errors import Conflict, Forbidden, Invalid, NotFound, TooManyAttempts, Unauthorized
from web.htmx import page
from web.i18n import gettext as t
from web.i18n import tr


async def html_error(error: Exception):  # type: ignore[no-untyped-def]
    """A small error page in the reader's language (a redirect to the login page for Unauthorized)."""
    if isinstance(error, Unauthorized):
        target = request.full_path.rstrip("?") if request.method == "GET" else "/"
        response = redirect(f"/login?next={quote(target)}", 303)
        if request.headers.get("HX-Request"):
            response.headers["HX-Redirect"] = "/login"
        return response
    status, message = 400, t("La demande n'a pas pu être traitée.")
    if isinstance(error, NotFound):
        status, message = 404, t("Cette page n'existe pas, ou vous n'y avez pas accès.")
    elif isinstance(error, Forbidden):
        status, message = 403, tr(error.reason)
    elif isinstance(error, Conflict):
        status, message = 409, tr(error.reason)
    elif isinstance(error, TooManyAttempts):
        status, message = 429, t("Trop de tentatives. Réessayez dans quelques minutes.")
    elif isinstance(error, Invalid):
        status, message = 422, "; ".join(f"{k} : {tr(v)}" for k, v in error.errors.items())
    elif isinstance(error, HTTPException):
        status = error.code or 500
        if status == 404:
            message = t("Cette page n'existe pas, ou vous n'y avez pas accès.")
        elif status == 413:
            message = t("Le fichier envoyé est trop volumineux.")
    response = await page("errors/error.html", "error", status, code=status, message=message,
                          request_id=g.get("request_id"))
    if isinstance(error, TooManyAttempts):
        response.headers["Retry-After"] = str(error.retry_after)
    return response
