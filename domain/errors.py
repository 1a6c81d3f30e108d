"""Domain errors, translated once at the web edge (HTML re-render / JSON status)."""
from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    """Base of the errors a use case raises on purpose."""


class Invalid(DomainError):
    """Bad input: every bad field at once, {field: message}."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(dict(errors))
        self.errors = dict(errors)


class NotFound(DomainError):
    """The thing does not exist, or belongs to another organisation (never say which)."""

    def __init__(self, kind: str, id: object = None) -> None:
        super().__init__(f"{kind} {id} not found")
        self.kind = kind
        self.id = id


class Forbidden(DomainError):
    """The actor may not do this in their active role."""

    def __init__(self, reason: str = "forbidden") -> None:
        super().__init__(reason)
        self.reason = reason


class Conflict(DomainError):
    """The change contradicts the current state (a lot with charges, a closed vote, …)."""

    def __init__(self, reason: str, field: str | None = None, details: Mapping[str, object] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
        self.details = dict(details or {})  # machine-readable facts of the refusal (amounts as decimal strings)


class Unauthorized(DomainError):
    """No valid session or token."""


class TooManyAttempts(DomainError):
    """Repeated failed logins: try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after}s")
        self.retry_after = retry_after
