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
    ) -> Response:
        """Sends a request to any path of the org (for endpoints the generated API lacks) with
        the client's credentials, retries and errors; returns the 2xx response. ``path`` starts
        with ``/`` and has no query, fragment or dot segment; ``{name}`` placeholders are filled
        from ``path_params``, each value percent-encoded as one segment."""
    def to_async(self) -> AsyncClient:
        """An ``AsyncClient`` sharing this client's configuration, connection pool and options."""
    def close(self) -> None:
        """Closes the client and every view of it: idle connections close at once, calls under
        way finish, later calls raise ``ClientClosedError``."""
    def __enter__(self) -> Client: ...
    def __exit__(self, *args: _b.object) -> _b.bool: ...
