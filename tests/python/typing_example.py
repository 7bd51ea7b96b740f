"""A typed script over users, groups and apps: `mypy --strict` must accept it as is.

It also runs (``test_typing.py`` calls ``main`` and ``main_async`` against okta-mock).
"""

from __future__ import annotations

import asyncio
from typing import List, Optional

import okta_admin
from okta_admin.models import Application, ApplicationLifecycleStatus, BookmarkApplication, CreateUserRequestProfile, Group, User


def find_user(client: okta_admin.Client, login: str) -> Optional[User]:
    try:
        return client.users.get(login)
    except okta_admin.NotFoundError:
        return None


def emails(client: okta_admin.Client, page_size: int = 10) -> List[str]:
    out: List[str] = []
    pager: okta_admin.Pager[User] = client.users.list(limit=page_size)
    for user in pager:
        if user.profile is not None and user.profile.email is not None:
            out.append(user.profile.email)
    return out


def group_names(client: okta_admin.Client) -> List[str]:
    names: List[str] = []
    for group in client.groups.list(limit=2):
        if group.profile is not None and group.profile.name is not None:
            names.append(group.profile.name)
    return names


def active_apps(client: okta_admin.Client) -> List[Application]:
    status: ApplicationLifecycleStatus = "ACTIVE"
    return [app for app in client.applications.list(limit=2) if app.status == status]


def page_sizes(client: okta_admin.Client) -> List[int]:
    return [len(page.items) for page in client.groups.list(limit=2).pages()]


def onboard(client: okta_admin.Client, first: str, last: str) -> User:
    login = f"{first.lower()}.{last.lower()}@example.com"
    profile = CreateUserRequestProfile(first_name=first, last_name=last, email=login, login=login)
    user: User = client.users.create(profile=profile, activate=False)
    group: Group = client.groups.add(profile={"name": f"team-{last.lower()}"})
    assert user.id is not None and group.id is not None
    client.groups.assign_user_to_group(group.id, user.id)
    renamed = client.users.update(user.id, profile={"nickName": first})
    assert renamed.profile is not None
    return renamed


def app_labels(client: okta_admin.Client) -> List[str]:
    apps: List[Application] = client.applications.list(limit=2).to_list()
    labels = [app.label for app in apps if app.label is not None]
    app: Application = client.applications.create(
        label="Typed",
        sign_on_mode="BOOKMARK",
        body={"name": "bookmark", "settings": {"app": {"url": "https://typed.example.com"}}},
        activate=False,
    )
    client.applications.delete(app.id or "")
    return labels


def bookmark_urls(client: okta_admin.Client) -> List[str]:
    """A union narrows with isinstance: a bookmark app's settings are typed."""
    urls: List[str] = []
    for app in client.applications.list(limit=5):
        if isinstance(app, BookmarkApplication) and app.settings is not None and app.settings.app is not None:
            urls.append(app.settings.app.url or "")
    return urls


def remaining_budget(client: okta_admin.Client) -> Optional[int]:
    view: okta_admin.Client = client.with_options(
        query={"search": 'profile.lastName eq "Hopper"'},
        headers={"X-Trace": "typed"},
        timeout=5.0,
        max_retries=0,
        capture_response=True,
    )
    view.users.list(limit=1).next_page()
    raw: Optional[okta_admin.Response] = view.last_response
    if raw is None:
        return None
    assert raw.status == 200 and isinstance(raw.body, bytes)
    remaining = raw.headers.get("x-rate-limit-remaining")
    return int(remaining) if remaining is not None else None


def raw_user(client: okta_admin.Client, login: str) -> str:
    response: okta_admin.Response = client.request(
        "GET", "/api/v1/users/{login}", path_params={"login": login}, query={"expand": "blocks"}
    )
    data = response.json()
    config: okta_admin.Config = client.config
    assert config.authorization_mode in ("SSWS", "Bearer", "PrivateKey", "JWT")
    return str(data["profile"]["login"])


def describe(error: okta_admin.OktaError) -> str:
    if isinstance(error, okta_admin.RateLimitError):
        return f"rate limited after {error.retries} retries"
    if isinstance(error, okta_admin.ApiError):
        return f"{error.status} {error.error_code}: {error.error_summary}"
    return error.code


def main(client: okta_admin.Client) -> None:
    assert find_user(client, "nobody@example.com") is None
    assert len(emails(client)) > 0
    assert sum(page_sizes(client)) > 0
    assert all(isinstance(name, str) for name in group_names(client))
    assert all(app.status == "ACTIVE" for app in active_apps(client))
    user = onboard(client, "Grace", "Hopper")
    assert user.profile is not None and user.profile.nick_name == "Grace"
    assert app_labels(client)
    assert len(bookmark_urls(client)) > 0
    remaining_budget(client)
    assert raw_user(client, "user1@example.com") == "user1@example.com"
    try:
        client.users.get("missing")
    except okta_admin.OktaError as error:
        assert describe(error).startswith("404")


async def main_async(client: okta_admin.AsyncClient) -> None:
    user: User = await client.users.get("user1@example.com")
    groups: List[Group] = [g async for g in client.groups.list(limit=2)]
    first_page: Optional[okta_admin.Page[Application]] = await client.applications.list().next_page()
    assert user.id and groups and first_page is not None
    users = await asyncio.gather(*(client.users.get(f"user{i}@example.com") for i in (2, 3)))
    raw: okta_admin.Response = await client.with_options(max_retries=1).request("GET", "/api/v1/users/user1@example.com")
    assert raw.status == 200
    assert all(isinstance(u, User) for u in users)


if __name__ == "__main__":
    main(okta_admin.Client())
    asyncio.run(main_async(okta_admin.AsyncClient()))
