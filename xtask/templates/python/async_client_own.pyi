    def request(
        self,
        method: _b.str,
        path: _b.str,
        *,
        query: QueryInput | None = None,
        headers: HeadersInput | None = None,
        json: _t.Any = None,
        body: _b.bytes | _b.str | None = None,
        content_type: _b.str | None = None,
        path_params: _t.Mapping[_b.str, _b.str | _b.int] | None = None,
    ) -> _t.Awaitable[Response]:
        """Awaitable: like ``Client.request``."""
    def to_sync(self) -> Client:
        """A blocking ``Client`` sharing this client's configuration, connection pool and options."""
    def close(self) -> _t.Awaitable[None]:
        """Closes the client and every view of it: idle connections close at once, calls under
        way finish, later calls raise ``ClientClosedError``."""
    def __aenter__(self) -> _t.Awaitable[AsyncClient]: ...
    def __aexit__(self, *args: _b.object) -> _t.Awaitable[_b.bool]: ...
