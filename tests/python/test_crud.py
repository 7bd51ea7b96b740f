"""Create, read, update and delete users, groups and apps against okta-mock."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import pytest

import okta_admin
from okta_admin.models import AddGroupRequestProfile, CreateUserRequestProfile, User

from conftest import Mock

PROFILE = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "email": "ada@example.com",
    "login": "ada@example.com",
}


def last(mock: Mock, method: str) -> Any:
    return [r for r in mock.requests() if r["method"] == method][-1]


def test_user_crud(client: Any, mock: Mock) -> None:
    user = client.users.create(profile=PROFILE, activate=False)
    assert isinstance(user, User)
    assert user.profile.email == "ada@example.com"
    assert user.profile.first_name == "Ada"
    assert user.status == "STAGED"
    sent = last(mock, "POST")
    assert sent["path"] == "/api/v1/users"
    assert parse_qs(sent["query"]) == {"activate": ["false"]}
    assert json.loads(sent["body"]) == {"profile": PROFILE}
    assert sent["headers"]["authorization"] == "SSWS test-token"
    assert sent["headers"]["content-type"] == "application/json"

    fetched = client.users.get(user.id)
    assert fetched == user
    assert client.users.get(id=user.id).id == user.id

    # read-modify-write keeps every field, known or not
    fetched.profile.nick_name = "ada"
    updated = client.users.replace(user.id, profile=fetched.profile)
    assert updated.profile.nick_name == "ada"
    assert json.loads(last(mock, "PUT")["body"])["profile"]["nickName"] == "ada"

    partial = client.users.update(user.id, profile={"title": "Countess"})
    assert partial.profile.title == "Countess"

    client.user_lifecycle.deactivate(user.id)
    assert client.users.delete(user.id) is None
    with pytest.raises(okta_admin.NotFoundError):
        client.users.get(user.id)


def test_body_as_model_or_dict_and_fields_override(client: Any, mock: Mock) -> None:
    request = okta_admin.models.CreateUserRequest(profile=CreateUserRequestProfile(**{"email": "b@example.com", "login": "b@example.com", "first_name": "B", "last_name": "C"}))
    user = client.users.create(body=request, activate=False)
    assert user.profile.login == "b@example.com"

    user2 = client.users.create(body={"profile": dict(PROFILE, login="c@example.com", email="c@example.com")}, group_ids=[], activate=False)
    assert json.loads(last(mock, "POST")["body"]) == {
        "profile": dict(PROFILE, login="c@example.com", email="c@example.com"),
        "groupIds": [],
    }
    assert user2.profile.login == "c@example.com"


def test_group_crud_and_membership(client: Any, mock: Mock) -> None:
    group = client.groups.add(profile=AddGroupRequestProfile(name="Engineers", description="Builders"))
    # `Group.profile` is a oneOf in the spec (`any` in the IR): it comes back as a dict
    assert group.profile["name"] == "Engineers"
    assert client.groups.get(group.id).profile["description"] == "Builders"
    replaced = client.groups.replace(group.id, profile={"name": "Engineering"})
    assert replaced.profile["name"] == "Engineering"

    user = next(iter(client.users.list(limit=1)))
    client.groups.assign_user_to_group(group.id, user.id)
    members = [u.id for u in client.groups.list_users(group.id)]
    assert members == [user.id]

    names = [g.profile["name"] for g in client.groups.list()]
    assert "Engineering" in names
    client.groups.delete(group.id)
    with pytest.raises(okta_admin.NotFoundError) as caught:
        client.groups.get(group.id)
    assert caught.value.status == 404


def test_application_crud(client: Any, mock: Mock) -> None:
    apps = list(client.applications.list())
    assert len(apps) == 3
    app = client.applications.create(
        label="Wiki",
        sign_on_mode="BOOKMARK",
        # fields the spec's base model lacks travel in body=
        body={"name": "bookmark", "settings": {"app": {"url": "https://wiki.example.com"}}},
        activate=False,
    )
    sent = json.loads(last(mock, "POST")["body"])
    assert sent["label"] == "Wiki" and sent["signOnMode"] == "BOOKMARK" and sent["name"] == "bookmark"
    assert app.label == "Wiki"
    assert app.sign_on_mode == "BOOKMARK"
    fetched = client.applications.get(app.id)
    assert fetched.id == app.id
    assert fetched.to_dict()["signOnMode"] == "BOOKMARK"
    client.applications.delete(app.id)
    assert len(list(client.applications.list())) == 3


def test_untyped_body_is_sent_as_given(client: Any, mock: Mock) -> None:
    app = next(iter(client.applications.list()))
    user = next(iter(client.users.list(limit=1)))
    client.application_users.assign_user_to_application(app.id, {"id": user.id, "scope": "USER"})
    assert json.loads(last(mock, "POST")["body"]) == {"id": user.id, "scope": "USER"}
    assigned = [a.id for a in client.application_users.list(app.id)]
    assert user.id in assigned


def test_path_segments_are_encoded(client: Any, mock: Mock) -> None:
    with pytest.raises(okta_admin.NotFoundError):
        client.users.get("a/b c?d")
    assert last(mock, "GET")["path"] == "/api/v1/users/a%2Fb%20c%3Fd"


def test_list_parameters_reach_the_query(client: Any, mock: Mock) -> None:
    list(client.users.list(search='profile.email eq "user1@example.com"', limit=5))
    query = parse_qs(last(mock, "GET")["query"])
    assert query == {"search": ['profile.email eq "user1@example.com"'], "limit": ["5"]}
