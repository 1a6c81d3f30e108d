"""Who is asking: session cookie or bearer token, the CSRF guard, the request's language."""
from __future__ import annotations

import hmac
import secrets

from quart import current_app, g, request
from werkzeug.sansio.response import Response as BaseResponse

from domain.access import Actor
from domain.errors import Forbidden, Unauthorized
from domain.i18n import _
from domain.platform import users
from web import db, i18n

SESSION_COOKIE = "kg_session"
PRE_CSRF_COOKIE = "kg_csrf"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def is_api() -> bool:
    """True for the JSON API."""
    return request.path.startswith("/api/")


async def load_actor() -> None:
    """before_request: find the actor from the bearer token or the session cookie; pick the language."""
    # the request object once (each `request.` goes through a context-variable proxy) and its headers in one
    # pass: werkzeug's Headers.get raises and catches an exception for each header that is absent
    req = request._get_current_object()  # type: ignore[attr-defined]  # the proxy's own method, unannotated
    g.actor = g.session_token = None
    header = accept_language = None
    has_cookies = False
    for name, value in req.headers.items():
        name = name.lower()
        if name == "authorization" and header is None:  # the first one, as Headers.get
            header = value
        elif name == "cookie":
            has_cookies = True
        elif name == "accept-language" and accept_language is None:
            accept_language = value
    cookies = req.cookies if has_cookies else {}
    actor = token = None
    if header is not None and header[:7].lower() == "bearer ":
        actor = await users.authenticate(None, header[7:].strip(), "bearer", db.conn)
    elif cookies.get(SESSION_COOKIE):
        token = cookies[SESSION_COOKIE]
        actor = await users.authenticate(None, token, "session", db.conn)
        token = token if actor else None
    g.actor, g.session_token = actor, token
    locale = i18n.pick_locale(actor.locale if actor else None, cookies.get("lang"), accept_language)
    i18n.current_locale.set(locale)
    g.locale = locale
    if req.method in UNSAFE and (token or not req.path.startswith("/api/")):
        await _check_csrf()


def current_actor() -> Actor:
    """The authenticated actor, or Unauthorized (401 for the API, a redirect to the login page for HTML)."""
    if g.get("actor") is None:
        raise Unauthorized()
    return g.actor


def csrf_token() -> str:
    """The token every unsafe HTML request must carry (form field csrf_token or header X-CSRF-Token)."""
    if g.get("session_token"):
        return users.csrf_for(g.session_token)
    if "pre_csrf" not in g:
        g.pre_csrf = request.cookies.get(PRE_CSRF_COOKIE) or secrets.token_urlsafe(24)
    return g.pre_csrf


async def _check_csrf() -> None:
    expected = users.csrf_for(g.session_token) if g.session_token else request.cookies.get(PRE_CSRF_COOKIE)
    sent = [request.headers.get("X-CSRF-Token")]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sent.append((await request.form).get("csrf_token"))
    if not expected or not any(s and hmac.compare_digest(s, expected) for s in sent):
        raise Forbidden(_("Jeton de sécurité (CSRF) manquant ou périmé : rechargez la page."))


def set_session_cookie(response: BaseResponse, token: str) -> None:
    """The browser session: HttpOnly, SameSite=Lax, Secure behind HTTPS."""
    secure = current_app.config["KOPROGO"].secure_cookies or request.scheme == "https"
    response.set_cookie(SESSION_COOKIE, token, max_age=int(users.SESSION_TTL.total_seconds()),
                        httponly=True, samesite="Lax", secure=secure, path="/")


def set_pre_csrf_cookie(response: BaseResponse) -> None:
    """after_request: keep the login form's CSRF token in a cookie (double submit) when one was issued."""
    if "pre_csrf" in g and request.cookies.get(PRE_CSRF_COOKIE) != g.pre_csrf:
        secure = current_app.config["KOPROGO"].secure_cookies or request.scheme == "https"
        response.set_cookie(PRE_CSRF_COOKIE, g.pre_csrf, httponly=True, samesite="Lax", secure=secure, path="/")
