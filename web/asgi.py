"""The ASGI app for hypercorn in production: `hypercorn -k uvloop web.asgi:app` (needs DATABASE_URL)."""
from web.app import create_app

app = create_app()
