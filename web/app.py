"""The application factory: config, pool, templates, blueprints, errors, security headers."""
from __future__ import annotations

import gc
import logging
from typing import Any

import asyncpg
from quart import Quart, Request, Response, current_app, g, request
from quart.helpers import _split_blueprint_path
from quart.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from domain.access import can
from domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, TooManyAttempts, Unauthorized
from domain.notifications import notices
from domain.platform import sealing, two_factor
from domain.rules.payment_reference import format_iban
from web import auth, compression, db, formats, i18n, observability
from web.config import ROOT, Config
from web.connection import BodyFirstConnection
from web.documents.notices import composer
from web.errors import html_error, reason_of, status_of
from web.input_guard import refuse_nul_bytes
from web.jsonapi import errors_json, json_response
from web.proxy import TrustedProxies
from web.views.charges.summary import status_label

log = logging.getLogger("koprogo")
GC_GEN0_THRESHOLD = 20_000

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
_SECURITY_HEADERS = (("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
                     ("Referrer-Policy", "strict-origin-when-cross-origin"), ("X-Frame-Options", "DENY"))


HSTS = "max-age=31536000; includeSubDomains"


class _Request(Request):
    """Quart's request; `blueprints` without the import statement Quart's property runs on each of its three
    reads per request (before, after and teardown hooks: ~1 % of the mix's samples)."""

    @property
    def blueprints(self) -> list[str]:
        name = self.blueprint
        return _split_blueprint_path(name) if name is not None else []


def create_app(config: Config | None = None, pool: Any = None) -> Quart:
    """Build the app; `pool` lets tests hand in their own connection source."""
    config = config or Config()
    app = Quart(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.request_class = _Request
    app.asgi_http_class = BodyFirstConnection
    app.config.update(KOPROGO=config, POOL=pool, TEMPLATES_AUTO_RELOAD=False,
                      SEND_FILE_MAX_AGE_DEFAULT=365 * 24 * 3600, MAX_CONTENT_LENGTH=12 * 1024 * 1024)
    if config.trusted_proxies:  # X-Forwarded-For / -Proto believed from these peers only (web/proxy.py)
        app.asgi_app = TrustedProxies(app.asgi_app, config.trusted_proxies)  # type: ignore[method-assign, assignment]  # an ASGI middleware in front of Quart's own
    _templates(app)
    notices.use_composer(composer(config.public_url))  # notices' e-mails in each recipient's language
    sealing.use_key(config.sealing_key())  # TOTP secrets encrypted at rest
    _blueprints(app)
    _errors(app)
    observability.install(app)  # request id, metrics
    app.before_request(refuse_nul_bytes)
    app.before_request(auth.load_actor)
    app.after_request(_headers)
    app.after_request(compression.compress)
    app.teardown_request(_release)

    @app.before_serving
    async def _settle_memory() -> None:
        # Everything loaded so far lives as long as the process: move it out of the collector's sight, and
        # collect the young generation less often (requests make many short-lived containers, few cycles).
        gc.collect()
        gc.freeze()
        gc.set_threshold(GC_GEN0_THRESHOLD, 20, 20)

    @app.before_serving
    async def _open_pool() -> None:
        if app.config["POOL"] is None:
            url = config.database_url
            if not url:
                raise RuntimeError("DATABASE_URL is not set (make run sets it for the embedded cluster)")
            app.config["POOL"] = await db.create_pool(url, config.pool_min, config.pool_max,
                                                      config.statement_cache)
            app.config["OWN_POOL"] = True
        if config.enforce_production:
            from domain.demo import refuse_demo_database
            async with app.config["POOL"].acquire() as conn:
                await refuse_demo_database(conn)
        if app.config.get("OWN_POOL"):  # secrets stored before sealing (migration 0203): sealed once
            async with app.config["POOL"].acquire() as conn:
                await two_factor.seal_plaintext_secrets(conn)

    @app.before_serving
    async def _open_replica() -> None:
        if config.replica_url and "REPLICA" not in app.config:
            from web.replica import open_source
            app.config["REPLICA"] = await open_source(config.replica_url, config.replica_max_lag,
                                                      config.statement_cache)

    @app.before_serving
    async def _listen_for_revocations() -> None:
        url = config.listen_url or config.database_url
        if config.run_workers and url:
            from web.revocation import Listener
            app.config["REVOCATIONS"] = listener = Listener(lambda: asyncpg.connect(url))
            listener.start()

    @app.after_serving
    async def _close_pool() -> None:
        if app.config.get("REVOCATIONS"):
            await app.config["REVOCATIONS"].stop()
        if app.config.get("REPLICA"):
            await app.config["REPLICA"].close()
        if app.config.get("OWN_POOL"):
            await app.config["POOL"].close()

    return app


def _templates(app: Quart) -> None:
    i18n.load_catalogues()
    env = app.jinja_env
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]  # added by the i18n extension
    env.globals.update(csrf_token=auth.csrf_token, tr=i18n.tr, role_label=i18n.role_label, colon=i18n.colon,
                       status_label=status_label)
    env.filters.update(eur=formats.eur, num=formats.num, day=formats.day, moment=formats.moment, hour=formats.hour,
                       iban=format_iban, law=i18n.law)
    env.auto_reload = False

    @app.context_processor
    async def _context() -> dict[str, Any]:
        actor = g.get("actor")
        # `can`: what the access policy allows the actor (templates never test a role themselves)
        return {"actor": actor, "can": can(actor), "locale": g.get("locale", "fr"),
                "active_role": actor.role if actor else None, "my_roles": actor.roles if actor else []}


def _blueprints(app: Quart) -> None:
    """Every blueprint listed in web.routes, in its order."""
    from web.routes import API, VIEWS
    for module in (*VIEWS, *API):
        app.register_blueprint(module.bp)
    # Each blueprint inherits Flask's synchronous default context processor, which Quart runs in a thread
    # (a thread-pool hop on every render, seen in the profile); the app-level async one already gives g,
    # request and session to every template.
    for name, processors in app.template_context_processors.items():
        if name is not None:
            processors[:] = [p for p in processors if p.__module__ != "flask.templating"]


async def _release(_exc: BaseException | None) -> None:
    if "report_conn" in g:
        from web.replica import release
        await release()
    await db.release()


async def _headers(response: Response) -> Response:
    h = response.headers
    # one pass over the few headers present: werkzeug's `in` and setdefault raise and catch a KeyError for
    # each header that is missing (seen in the profile), and `h[...] = ` scans the list to replace
    present = {name.lower() for name, _value in h.items()}
    for name, value in _SECURITY_HEADERS:
        if name.lower() in present:
            if name != "Content-Security-Policy":  # a route may set its own policy; the others are fixed
                h[name] = value
        else:
            h.add(name, value)
    if request.path.startswith("/static/"):
        h["Cache-Control"] = "public, max-age=31536000, immutable"
    elif "cache-control" not in present:
        h.add("Cache-Control", "no-store" if g.get("actor") else "no-cache")
    # browsers keep to HTTPS for a year once they saw it here (behind a TLS proxy: KOPROGO_SECURE_COOKIES=1, or the
    # scheme the trusted proxy forwards)
    if request.scheme == "https" or current_app.config["KOPROGO"].secure_cookies:
        h["Strict-Transport-Security"] = HSTS
    if "pre_csrf" in g:
        auth.set_pre_csrf_cookie(response)
    return response


def _errors(app: Quart) -> None:

    @app.errorhandler(DomainError)
    async def _domain(error: DomainError) -> ResponseReturnValue:
        if auth.is_api():
            return _api_error(error)
        return await html_error(error)

    @app.errorhandler(HTTPException)
    async def _http(error: HTTPException) -> ResponseReturnValue:
        if auth.is_api():
            status = error.code or 500
            code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 413: "TOO_LARGE"}.get(status, "ERROR")
            body = {"code": code, "message": error.description}
            if status >= 500:  # the id the logs carry, for the support
                body["request_id"] = g.get("request_id")
            # a 405 keeps werkzeug's Allow header (RFC 9110: the methods the resource answers)
            headers = {k: v for k, v in error.get_headers() if k == "Allow"}
            return json_response(body, status, headers)
        return await html_error(error)


def _api_error(error: DomainError) -> Response:
    status = status_of(error)
    if isinstance(error, Invalid):
        return json_response({"code": "INVALID", "errors": errors_json(error.errors)}, status)
    if isinstance(error, NotFound):
        return json_response({"code": "NOT_FOUND", "message": f"{error.kind} not found"}, status)
    if isinstance(error, Unauthorized):
        return json_response({"code": "UNAUTHORIZED", "message": "authentication required"}, status,
                             {"WWW-Authenticate": "Bearer"})
    if isinstance(error, Forbidden):
        return json_response({"code": "FORBIDDEN", "message": reason_of(error)}, status)
    if isinstance(error, Conflict):
        body: dict[str, Any] = {"code": "CONFLICT", "message": reason_of(error)}
        if error.field:
            body["errors"] = {error.field: reason_of(error)}
        if error.details:
            body["details"] = error.details
        return json_response(body, status)
    if isinstance(error, TooManyAttempts):
        return json_response({"code": "TOO_MANY_ATTEMPTS", "retry_after": error.retry_after}, status,
                             {"Retry-After": str(error.retry_after)})
    return json_response({"code": "ERROR"}, status)
