"""Imports the modules that add services beside `make run`'s web server (see web.serve.SIDECARS)."""
