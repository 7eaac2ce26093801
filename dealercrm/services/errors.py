"""Errors a service raises on purpose. Each str() is a sentence the UI can show as it is."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class: a refused or impossible action, explained."""


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class AuthError(ServiceError):
    pass


class ConflictError(ServiceError):
    """Someone else changed the record since it was read (optimistic locking)."""


class ValidationError(ServiceError):
    """Bad input: `errors` maps each field name to its message; nothing was saved."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))
