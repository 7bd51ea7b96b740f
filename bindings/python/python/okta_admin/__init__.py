"""Typed client for the Okta Admin Management API, on the Rust core ``okta-admin``.

::

    import okta_admin

    client = okta_admin.Client(org_url="https://dev-123456.okta.com", token="…")
    user = client.users.get("00u1abc")
    print(user.profile.email)
    for user in client.users.list(limit=200):   # lazy, one page in memory
        ...

    async with okta_admin.AsyncClient() as client:   # OKTA_CLIENT_ORGURL / OKTA_CLIENT_TOKEN
        user = await client.users.get("00u1abc")
        async for group in client.groups.list():
            ...

Every endpoint of the spec is a method of a resource (``client.<resource>.<method>``) with the
same names as the Rust crate. Models are in :mod:`okta_admin.models`, exceptions in
:mod:`okta_admin.errors` (also exported here).
"""

from . import errors, models
from ._model import Model
from ._native import (
    AsyncClient,
    AsyncPager,
    AsyncPageIterator,
    Client,
    Page,
    PageIterator,
    Pager,
    __version__,
)
from .errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigError,
    ConflictError,
    ConnectionError,
    DecodeError,
    InvalidRequestError,
    NotFoundError,
    OktaError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ServerError,
    TimeoutError,
)

__all__ = [
    "__version__",
    "Client",
    "AsyncClient",
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
