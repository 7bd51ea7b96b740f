"""Typed client for the Okta Admin Management API, on the Rust core ``okta-admin``.

::

    import okta_admin

    client = okta_admin.Client(org_url="https://dev-123456.okta.com", token="…")
    user = client.users.get("00u1abc")
    print(user.profile.email)
    for user in client.users.list(limit=200):   # lazy, one page in memory
        ...

    async with okta_admin.AsyncClient() as client:   # okta.yaml / OKTA_CLIENT_* settings
        user = await client.users.get("00u1abc")
        async for group in client.groups.list():
            ...

Escape hatches: ``client.with_options(query=..., headers=..., body=..., timeout=...,
max_retries=..., capture_response=True)`` is a view of the client whose every call gets those
options (``view.last_response`` is the raw response), and ``client.request(method, path, ...)``
reaches paths the spec lacks with the same credentials, retries and errors.

Every endpoint of the spec is a method of a resource (``client.<resource>.<method>``) with the
same names as the Rust crate. Models are in :mod:`okta_admin.models`, exceptions in
:mod:`okta_admin.errors` (also exported here).
"""

import atexit as _atexit

from . import errors, models
from ._model import Model
from ._native import (
    AsyncClient,
    AsyncPager,
    AsyncPageIterator,
    Client,
    Config,
    Page,
    PageIterator,
    Pager,
    Response,
    __version__,
)
from ._native import _quiesce

# At exit, let the native runtime's asyncio tasks finish before the interpreter is torn down.
_atexit.register(_quiesce)

from .errors import (
    OktaError,
    ApiError,
    BadRequestError,
    UnauthorizedError,
    ForbiddenError,
    NotFoundError,
    ConflictError,
    RateLimitError,
    ServerError,
    OktaTimeoutError,
    OktaConnectionError,
    RedirectError,
    DecodeError,
    InvalidRequestError,
    ConfigError,
    PaginationError,
    ResponseTooLargeError,
    ClientClosedError,
    InternalError,
)

__all__ = [
    "__version__",
    "Client",
    "AsyncClient",
    "Config",
    "Response",
    "Pager",
    "AsyncPager",
    "PageIterator",
    "AsyncPageIterator",
    "Page",
    "Model",
    "models",
    "errors",
    "OktaError",
    "ApiError",
    "BadRequestError",
    "UnauthorizedError",
    "ForbiddenError",
    "NotFoundError",
    "ConflictError",
    "RateLimitError",
    "ServerError",
    "OktaTimeoutError",
    "OktaConnectionError",
    "RedirectError",
    "DecodeError",
    "InvalidRequestError",
    "ConfigError",
    "PaginationError",
    "ResponseTooLargeError",
    "ClientClosedError",
    "InternalError",
]
