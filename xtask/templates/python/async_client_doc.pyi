    """An asyncio Okta client: ``await client.users.get(user_id)``, ``async for user in client.users.list(): ...``.

    Same arguments as ``Client``.
    """

    def __init__(
        self,
