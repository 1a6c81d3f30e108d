"""The ASGI app of a production web process: `python -m web.serve web` starts hypercorn on it, or
`hypercorn -k uvloop web.asgi:app` directly. The settings are checked first (web/config.py): a missing or
wrong one stops the process with a message naming it."""
import sys

from web.app import create_app
from web.config import Config, ConfigError
from web.observability import configure_logging

try:
    config = Config.production()
except ConfigError as exc:
    print(exc, file=sys.stderr)
    raise SystemExit(2) from None
configure_logging(config.log_format)
app = create_app(config)
