"""Language choice (French by default; Dutch and English as catalogues are filled)."""
from __future__ import annotations

from quart import Blueprint, current_app, redirect, request, send_from_directory
from quart.typing import ResponseReturnValue

from web.htmx import local_path
from web.i18n import LANGUAGES

bp = Blueprint("language", __name__)


@bp.get("/favicon.ico")
async def favicon() -> ResponseReturnValue:
    response = await send_from_directory(current_app.static_folder or "static", "favicon.ico",
                                         mimetype="image/x-icon")
    response.headers["Cache-Control"] = "public, max-age=604800"
    return response


@bp.get("/language/<code>")
async def choose(code: str) -> ResponseReturnValue:
    response = redirect(local_path(request.args.get("next")), 303)
    if code in LANGUAGES:
        response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
