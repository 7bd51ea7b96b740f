"""Exceptions raised by ``okta_admin``: one hierarchy under :class:`OktaError`.

::

    OktaError
    ├── ApiError                 Okta answered with an error status (details from its body)
    │   ├── BadRequestError      400
    │   ├── AuthenticationError  401
    │   ├── PermissionDeniedError 403
    │   ├── NotFoundError        404
    │   ├── ConflictError        409
    │   ├── RateLimitError       429, after the retry / wait budget ran out
    │   └── ServerError          5xx
    ├── TimeoutError             also a builtins.TimeoutError
    ├── ConnectionError          also a builtins.ConnectionError
    ├── RedirectError            a 3xx (redirects are never followed)
    ├── DecodeError              a 2xx whose body is not the expected JSON
    ├── InvalidRequestError      also a ValueError; nothing was sent
    ├── ConfigError              bad or missing setting (argument, OKTA_CLIENT_*, okta.yaml)
    └── PaginationError          a next link outside the org (not followed)

No exception ever holds the API token, a private key, a client assertion or a proxy password.
"""

from __future__ import annotations

import builtins
from typing import Any, Dict, List, Optional

__all__ = [
    "OktaError",
    "ApiError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitError",
    "ServerError",
    "TimeoutError",
    "ConnectionError",
    "RedirectError",
    "DecodeError",
    "InvalidRequestError",
    "ConfigError",
    "PaginationError",
]


class OktaError(Exception):
    """Base of every error raised by okta_admin."""

    #: A short, stable name of the kind of error (``"api"``, ``"timeout"``, …).
    code: str = "error"
    #: The HTTP status, when a response was received.
    status: Optional[int] = None

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        for key, value in details.items():
            setattr(self, key, value)

    def __str__(self) -> str:
        return self.message


class ApiError(OktaError):
    """Okta answered with an error status; the fields come from Okta's error body."""

    code = "api"
    status: int
    #: ``errorCode``, e.g. ``E0000007``.
    error_code: Optional[str] = None
    #: ``errorSummary``.
    error_summary: Optional[str] = None
    #: ``errorLink``.
    error_link: Optional[str] = None
    #: ``errorId``.
    error_id: Optional[str] = None
    #: ``errorCauses``: dicts with at least ``errorSummary``.
    error_causes: List[Dict[str, Any]] = []
    #: The ``X-Okta-Request-Id`` response header.
    request_id: Optional[str] = None
    #: The raw response body.
    body: str = ""


class BadRequestError(ApiError):
    """HTTP 400."""


class AuthenticationError(ApiError):
    """HTTP 401: the token is missing, invalid or expired."""


class PermissionDeniedError(ApiError):
    """HTTP 403."""


class NotFoundError(ApiError):
    """HTTP 404."""


class ConflictError(ApiError):
    """HTTP 409."""


class ServerError(ApiError):
    """HTTP 5xx (after retries, for idempotent methods)."""


class RateLimitError(ApiError):
    """HTTP 429, after the retry and wait budget ran out."""

    code = "rate_limited"
    #: ``X-Rate-Limit-Limit`` of the last response.
    limit: Optional[int] = None
    #: ``X-Rate-Limit-Remaining`` of the last response.
    remaining: Optional[int] = None
    #: ``X-Rate-Limit-Reset`` of the last response (epoch seconds).
    reset: Optional[int] = None
    #: How many retries were made before giving up.
    retries: int = 0


class TimeoutError(OktaError, builtins.TimeoutError):  # noqa: A001
    """The connect or request timeout elapsed."""

    code = "timeout"


class ConnectionError(OktaError, builtins.ConnectionError):  # noqa: A001
    """The connection failed or broke (DNS, TCP, TLS, reset, truncated body)."""

    code = "connection"


class RedirectError(OktaError):
    """Okta answered with a 3xx; redirects are never followed."""

    code = "redirect"
    #: The ``Location`` header.
    location: Optional[str] = None


class DecodeError(OktaError):
    """A 2xx response whose body is not the expected JSON."""

    code = "decode"
    #: The raw body.
    body: str = ""


class InvalidRequestError(OktaError, ValueError):
    """The request could not be built (bad path segment, header value or body); nothing was sent."""

    code = "invalid_request"


class ConfigError(OktaError):
    """The configuration is unusable: a missing or invalid setting. The message names the setting
    and where it came from (``token= (argument)``, ``OKTA_CLIENT_SCOPES (env)``,
    ``okta.client.requestTimeout from ./okta.yaml``) and never quotes a secret."""

    code = "config"


class PaginationError(OktaError):
    """A pagination ``next`` link pointed outside the org; it was not followed."""

    code = "foreign_redirect"
    #: The link.
    url: Optional[str] = None


_BY_CODE = {
    "rate_limited": RateLimitError,
    "timeout": TimeoutError,
    "connection": ConnectionError,
    "redirect": RedirectError,
    "decode": DecodeError,
    "invalid_request": InvalidRequestError,
    "config": ConfigError,
    "foreign_redirect": PaginationError,
}

_BY_STATUS = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
}


def _from_native(code: str, message: str, details: Dict[str, Any]) -> OktaError:
    """Builds the exception for an error of the native core (called from Rust)."""
    cls: type[OktaError]
    if code == "api":
        status = details.get("status") or 0
        cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else ApiError)
    else:
        cls = _BY_CODE.get(code, OktaError)
    error = cls(message, **details)
    if cls is OktaError and code != "error":
        error.code = code
    return error
