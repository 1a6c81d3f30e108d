"""Shared fixtures for tests/ and e2e/ (one throwaway PostgreSQL cluster per test session)."""
pytest_plugins = ["tests.fixtures"]

from hypothesis import settings  # noqa: E402

# Properties are judged by their examples, never by their time: the machine is shared and its speed moves.
settings.register_profile("koprogo", deadline=None)
settings.load_profile("koprogo")
