"""Shared fixtures for tests/ and e2e/ (one throwaway PostgreSQL cluster per test session)."""
pytest_plugins = ["tests.fixtures"]
