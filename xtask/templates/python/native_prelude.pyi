"""Type stubs of ``okta_admin._native``: the clients, pagers, responses and configuration.

The resource classes and their methods are plain Python (``okta_admin._resources``).
"""

import builtins as _b
import os as _os
import typing as _t

from . import models as _m

_T = _t.TypeVar("_T")

#: What a `file` argument of an upload takes: a path, a binary file object, bytes, or a
#: `(file_name, bytes)` / `(file_name, bytes, media_type)` tuple.
FileInput: _t.TypeAlias = (
    _b.str
    | _os.PathLike[_b.str]
    | _t.BinaryIO
    | _b.bytes
    | _b.tuple[_b.str, _b.bytes]
    | _b.tuple[_b.str, _b.bytes, _b.str]
)

__version__: _b.str

def _quiesce() -> None:
    """Waits (up to 5 s, at interpreter exit) for the native runtime's asyncio tasks to finish."""

#: Query parameters: a mapping or (name, value) pairs; a list value repeats the parameter.
QueryInput: _t.TypeAlias = (
    _t.Mapping[_b.str, _t.Any] | _t.Iterable[_b.tuple[_b.str, _t.Any]]
)
#: Header values by name (`None` values are skipped).
HeadersInput: _t.TypeAlias = (
    _t.Mapping[_b.str, _b.str | _b.int | None] | _t.Iterable[_b.tuple[_b.str, _b.str | _b.int | None]]
)

class ProxySettings(_t.TypedDict, total=False):
    """``proxy=`` as a dict (``host`` and ``port`` are required)."""

    host: _b.str
    port: _b.int
    username: _b.str
    password: _b.str

class Response:
    """A raw 2xx response: of ``client.request(...)``, or a view's ``last_response``."""

    @_b.property
    def status(self) -> _b.int: ...
    @_b.property
    def headers(self) -> _b.dict[_b.str, _b.str]:
        """Lower-case names (``x-rate-limit-remaining``, ...); repeated headers joined with ``, ``."""
    @_b.property
    def body(self) -> _b.bytes: ...
    @_b.property
    def text(self) -> _b.str: ...
    @_b.property
    def request_id(self) -> _b.str | None: ...
    def json(self) -> _t.Any:
        """The body as JSON (plain dicts and lists; ``None`` when empty); ``DecodeError`` otherwise."""

class Config:
    """A client's resolved configuration; it never holds a readable secret."""

    @_b.property
    def org_url(self) -> _b.str: ...
    @_b.property
    def authorization_mode(self) -> _t.Literal["SSWS", "Bearer", "PrivateKey", "JWT"]: ...
    @_b.property
    def client_id(self) -> _b.str | None: ...
    @_b.property
    def scopes(self) -> _b.list[_b.str]: ...
    @_b.property
    def key_id(self) -> _b.str | None: ...
    @_b.property
    def dpop(self) -> _b.bool: ...
    @_b.property
    def proxy(self) -> _b.dict[_b.str, _t.Any] | None:
        """``{"host", "port", "username"}``; never the password."""
    @_b.property
    def user_agent(self) -> _b.str: ...
    @_b.property
    def timeout(self) -> _b.float | None: ...
    @_b.property
    def connect_timeout(self) -> _b.float: ...
    @_b.property
    def max_retries(self) -> _b.int: ...
    @_b.property
    def max_rate_limit_wait(self) -> _b.float: ...
    @_b.property
    def max_response_bytes(self) -> _b.int: ...
    @_b.property
    def pacing(self) -> _b.bool: ...

class Page(_t.Generic[_T]):
    """One page of a list: its items (as models) and response metadata."""

    @_b.property
    def items(self) -> _b.list[_T]: ...
    @_b.property
    def status(self) -> _b.int: ...
    @_b.property
    def next_url(self) -> _b.str | None: ...
    @_b.property
    def request_id(self) -> _b.str | None: ...
    @_b.property
    def headers(self) -> _b.dict[_b.str, _b.str]: ...
    def __len__(self) -> _b.int: ...
    def __iter__(self) -> _t.Iterator[_T]: ...

class Pager(_t.Generic[_T]):
    """Items of a paginated list, fetched lazily one page at a time (one page in memory)."""

    def __iter__(self) -> Pager[_T]: ...
    def __next__(self) -> _T: ...
    def next_page(self) -> Page[_T] | None:
        """The rest of the current page, or the next page; ``None`` when there are no more."""
    def pages(self) -> PageIterator[_T]:
        """An iterator over the remaining pages."""
    def to_list(self) -> _b.list[_T]:
        """Every remaining item (fetches all pages)."""

class PageIterator(_t.Generic[_T]):
    """Pages of a ``Pager``, fetched lazily."""

    def __iter__(self) -> PageIterator[_T]: ...
    def __next__(self) -> Page[_T]: ...

class AsyncPager(_t.Generic[_T]):
    """The asyncio twin of ``Pager``: ``async for item in pager``."""

    def __aiter__(self) -> AsyncPager[_T]: ...
    def __anext__(self) -> _t.Awaitable[_T]: ...
    def next_page(self) -> _t.Awaitable[Page[_T] | None]:
        """The rest of the current page, or the next page; ``None`` when there are no more."""
    def pages(self) -> AsyncPageIterator[_T]:
        """An async iterator over the remaining pages."""
    def to_list(self) -> _t.Awaitable[_b.list[_T]]:
        """Every remaining item (fetches all pages)."""

class AsyncPageIterator(_t.Generic[_T]):
    """Pages of an ``AsyncPager``, fetched lazily."""

    def __aiter__(self) -> AsyncPageIterator[_T]: ...
    def __anext__(self) -> _t.Awaitable[Page[_T]]: ...
