"""Unions: Okta's published examples of every union (tests/cases/unions.json, shared with the Rust
and Node tests) decode into the subclass their discriminator names, and a SAML app created on
okta-mock comes back as a `SamlApplication` with typed settings, as every published app example
comes back as its kind (the same case runs in Rust and Node)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

from okta_admin import models

from conftest import ROOT

CASES: List[Dict[str, Any]] = json.loads((ROOT / "tests" / "cases" / "unions.json").read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['union']}: {c['example']}" for c in CASES])
def test_example_decodes_into_its_kind_and_round_trips(case: Dict[str, Any]) -> None:
    union = getattr(models, case["union"])
    decoded = union.from_dict(case["body"])
    assert isinstance(decoded, union)
    assert type(decoded).__name__ == (case["kind"] or case["union"])
    assert decoded.to_dict() == case["body"], "re-encoding gives the body back"


def test_every_kind_of_every_union_has_a_case_and_a_subclass(ir: Dict[str, Any]) -> None:
    kinds = {(c["union"], c["kind"]) for c in CASES if c["kind"]}
    assert kinds == {(u["name"], v["model"]) for u in ir["unions"] for v in u["variants"]}
    assert len(kinds) == 88
    for union, kind in kinds:
        assert issubclass(getattr(models, kind), getattr(models, union))


def test_a_saml_app_comes_back_as_its_kind(client: Any) -> None:
    example = next(c["body"] for c in CASES if c["kind"] == "SamlApplication")
    body = {k: v for k, v in example.items() if k not in ("id", "_links", "_embedded", "created", "lastUpdated")}
    created = client.applications.create(label=body["label"], sign_on_mode="SAML_2_0", body=body, activate=False)
    fetched = client.applications.get(created.id)
    for app in (created, fetched):
        assert isinstance(app, models.SamlApplication)
        assert isinstance(app.settings, models.SamlApplicationSettings)
        assert app.settings.sign_on is not None
        assert app.settings.sign_on.sso_acs_url == example["settings"]["signOn"]["ssoAcsUrl"]
    listed = {type(a).__name__ for a in client.applications.list()}
    assert {"SamlApplication", "BookmarkApplication"} <= listed


def test_published_app_examples_of_every_sign_on_mode_round_trip_through_the_client(client: Any) -> None:
    server_set = ("id", "created", "lastUpdated", "_links", "_embedded", "status")
    modes: "set[Any]" = set()
    for case in (c for c in CASES if c["union"] == "Application" and c["kind"] and "label" in c["body"]):
        sent = {k: v for k, v in case["body"].items() if k not in server_set}
        created = client.applications.create(label=sent["label"], sign_on_mode=sent["signOnMode"], body=sent, activate=False)
        fetched = client.applications.get(created.id)
        assert type(fetched).__name__ == case["kind"], case["example"]
        for key, value in sent.items():
            assert fetched[key] == value, f"{case['example']}: {key} comes back as sent"
        modes.add(fetched.sign_on_mode)
        client.applications.deactivate(created.id)
        client.applications.delete(created.id)
    assert len(modes) >= 7, modes


def test_a_kind_added_later_stays_the_union_class() -> None:
    app = models.Application.from_dict({"id": "0oa1", "signOnMode": "QUANTUM_SSO", "settings": {"x": 1}})
    assert type(app) is models.Application
    assert app.sign_on_mode == "QUANTUM_SSO" and app["settings"] == {"x": 1}
    odd = models.Application.from_dict({"signOnMode": ["not", "a", "string"]})
    assert type(odd) is models.Application
