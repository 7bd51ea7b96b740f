    @_b.property
    def org_url(self) -> _b.str: ...
    @_b.property
    def user_agent(self) -> _b.str: ...
    @_b.property
    def config(self) -> Config:
        """The resolved configuration (never any secret)."""
    def with_options(
        self,
        *,
        query: QueryInput | None = None,
        headers: HeadersInput | None = None,
        body: _t.Any = None,
        timeout: _b.float | None = None,
        max_retries: _b.int | None = None,
        max_response_bytes: _b.int | None = None,
        capture_response: _b.bool = False,
    ) -> {C}:
        """A view of this client (same connection pool and credentials) whose every call gets
        these options: extra ``query`` parameters and ``headers``, a raw JSON ``body`` sent instead
        of the typed one, a ``timeout`` (seconds), ``max_retries`` and ``max_response_bytes`` per
        call, and, with
        ``capture_response=True``, the raw response of its latest successful call in
        ``last_response``. Options add up when views are made from views."""
    @_b.property
    def last_response(self) -> Response | None:
        """The raw response of the latest successful call made through this view (needs
        ``capture_response=True``)."""
    @_b.property
    def closed(self) -> _b.bool:
        """True once ``close()`` was called on this client or a view of it."""
