"""Imports the modules that add services beside `make run`'s web server (see web.serve.SIDECARS)."""
import web.views.dev_mail  # noqa: E402,F401  (assemblies: SMTP catch-all and outbox worker)
