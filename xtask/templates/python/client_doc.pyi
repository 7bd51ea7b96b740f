    """A blocking Okta client: ``client.users.get(user_id)``, ``for user in client.users.list(): ...``.

    Settings left out come from Okta's SDK configuration chain: ``~/.okta/okta.yaml``, then
    ``./okta.yaml``, then ``OKTA_CLIENT_*`` variables; arguments override them key by key.
    ``token`` is an SSWS API token, ``bearer_token`` an OAuth 2.0 access token; ``client_id``,
    ``scopes`` and ``private_key`` (PEM or JWK text, or a path) or ``client_assertion`` get OAuth
    access tokens for a service app (``dpop=True`` binds them with DPoP). ``proxy`` is a URL or
    ``{"host", "port", "username", "password"}``. Timeouts are in seconds (``timeout=0``: no
    request timeout). Calls release the GIL while they wait. Configuration mistakes raise
    ``ConfigError`` naming the setting and its source.
    """

    def __init__(
        self,
