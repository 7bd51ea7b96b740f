"""Model objects: attribute access, wire names, unknown fields and values, equality, repr."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from typing import Any

import pytest

import okta_admin
from okta_admin.models import CreateUserRequestProfile, User, UserProfile

WIRE = {
    "id": "00u1",
    "status": "SOMETHING_NEW",  # not in the spec's enum: kept as a plain string
    "profile": {"firstName": "Ada", "email": "ada@example.com", "customAttr": [1, 2]},
    "_links": {"self": {"href": "https://x/api/v1/users/00u1"}},
    "futureField": {"a": 1},
}


def test_attribute_access_and_wire_names() -> None:
    user = User.from_dict(WIRE)
    assert user.id == "00u1"
    assert user.status == "SOMETHING_NEW"
    assert isinstance(user.profile, UserProfile)
    assert user.profile.first_name == "Ada"
    assert user.profile["customAttr"] == [1, 2]
    assert user.links == {"self": {"href": "https://x/api/v1/users/00u1"}}
    assert user["futureField"] == {"a": 1}
    assert "futureField" in user
    assert user.last_login is None
    with pytest.raises(AttributeError):
        user.no_such_field  # noqa: B018


def test_to_dict_round_trips_everything() -> None:
    user = User.from_dict(WIRE)
    assert user.to_dict() == WIRE
    dumped = user.to_dict()
    dumped["profile"]["firstName"] = "changed"
    assert user.profile.first_name == "Ada"  # to_dict is a copy


def test_mutation_through_nested_models() -> None:
    user = User.from_dict(WIRE)
    user.profile.nick_name = "ada"
    assert user.to_dict()["profile"]["nickName"] == "ada"
    user.profile = UserProfile(first_name="Grace")
    assert user.to_dict()["profile"] == {"firstName": "Grace"}
    user["extra"] = UserProfile(last_name="H")
    assert user.to_dict()["extra"] == {"lastName": "H"}
    del user.profile
    assert "profile" not in user


def test_constructor() -> None:
    profile = CreateUserRequestProfile(first_name="A", login="a@example.com", email=None)
    assert profile.to_dict() == {"firstName": "A", "login": "a@example.com"}
    merged = CreateUserRequestProfile({"customAttr": 1}, first_name="B")
    assert merged.to_dict() == {"customAttr": 1, "firstName": "B"}
    with pytest.raises(TypeError, match="unexpected keyword argument 'firstName'"):
        CreateUserRequestProfile(firstName="A")
    with pytest.raises(TypeError):
        CreateUserRequestProfile([1, 2])  # type: ignore[arg-type]


def test_equality_and_hash() -> None:
    assert User.from_dict(WIRE) == User.from_dict(WIRE)
    assert User.from_dict(WIRE) != User.from_dict({"id": "other"})
    assert User.from_dict({}) != UserProfile.from_dict({})
    assert User.from_dict(WIRE) != WIRE
    with pytest.raises(TypeError):
        hash(User.from_dict(WIRE))


def test_repr_is_useful() -> None:
    text = repr(User.from_dict(WIRE))
    assert text.startswith("User(id='00u1', status='SOMETHING_NEW', profile=UserProfile(first_name='Ada'")
    assert "extra={'futureField': {'a': 1}}" in text


def test_copy_and_pickle() -> None:
    user = User.from_dict(WIRE)
    assert copy.deepcopy(user) == user
    assert copy.copy(user) == user
    assert pickle.loads(pickle.dumps(user)) == user


def test_lists_of_models_are_wrapped() -> None:
    field = next(
        (cls, name)
        for cls in map(lambda n: getattr(okta_admin.models, n), okta_admin.models.__all__)
        for name, f in cls._fields.items()
        if f.depth == 1
    )
    cls, name = field
    wire = cls._fields[name].wire
    obj = cls.from_dict({wire: [{}, {"x": 1}]})
    items = getattr(obj, name)
    assert isinstance(items, list) and all(isinstance(i, okta_admin.Model) for i in items)


def test_client_repr_hides_the_token() -> None:
    client = okta_admin.Client(org_url="https://dev-1.okta.com", token="super-secret-token")
    assert "super-secret-token" not in repr(client)
    assert "SSWS <redacted>" in repr(client)
    bearer = okta_admin.AsyncClient(org_url="https://dev-1.okta.com", bearer_token="secret-at")
    assert "secret-at" not in repr(bearer) and "Bearer" in repr(bearer)


def test_model_classes_are_built_on_first_use_once_for_every_thread() -> None:
    code = """
import sys, threading
import okta_admin
from okta_admin import models
built = [n for n in models.__all__ if n in vars(models)]
assert built == [], built
# A decoded union picks its kind's class, which builds it (and its base) then.
app = okta_admin.models.Application.from_dict({"signOnMode": "BOOKMARK", "settings": {"app": {"url": "https://x"}}})
assert type(app).__name__ == "BookmarkApplication" and isinstance(app, models.Application), type(app)
assert "BookmarkApplication" in vars(models)
# Threads racing for a class all get the same one.
got, start = [], threading.Barrier(8)
def take():
    start.wait()
    got.append(models.GroupRule)
threads = [threading.Thread(target=take) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
assert len({id(c) for c in got}) == 1 and got[0] is models.GroupRule
assert models.GroupRule.__module__ == "okta_admin.models" and models.GroupRule.__doc__.startswith("`GroupRule`")
assert set(models.__all__) <= set(dir(models))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
