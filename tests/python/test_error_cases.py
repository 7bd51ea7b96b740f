"""The shared error case table (``tests/cases/errors.json``): the same fault raises the same class,
with the same code and status, as in Rust and Node."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any, Dict, List

import pytest

import okta_admin

from conftest import Mock

CASES: List[Dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "cases" / "errors.json").read_text()
)["cases"]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fail(client: Any, case: Dict[str, Any]) -> None:
    """Makes the call a case describes (it must raise)."""
    call = case.get("call", "get")
    if call == "list":
        list(client.users.list())
    elif call == "request":
        client.request(case["method"], "/api/v1/users")
    else:
        client.users.get("a" * case["id_length"] if "id_length" in case else "user1@example.com")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fault_raises_the_shared_class(case: Dict[str, Any], mock: Mock) -> None:
    url = f"http://127.0.0.1:{closed_port()}" if case.get("refused") else mock.url
    client = okta_admin.Client(org_url=url, token=mock.token, max_retries=0)
    if case.get("closed"):
        client.close()
        assert client.closed
    headers = {"X-Mock-Fault": case["fault"]} if "fault" in case else {}
    if "header" in case:
        headers[case["header"][0]] = case["header"][1]
    timeout = case["timeout_ms"] / 1000 if "timeout_ms" in case else None
    with pytest.raises(okta_admin.OktaError) as caught:
        view = client.with_options(
            headers=headers, timeout=timeout, max_response_bytes=case.get("max_response_bytes")
        )
        fail(view, case)
    error = caught.value
    assert type(error).__name__ == case["class"], str(error)
    assert error.code == case["code"]
    assert error.status == case["status"]
    assert isinstance(error, okta_admin.ApiError) == case["api"]
    assert isinstance(error, getattr(okta_admin, case["class"]))
    message = str(error)
    assert "\r" not in message and "\n" not in message, repr(message[:200])
    if "message_max" in case:
        assert len(message.encode()) <= case["message_max"], len(message.encode())
    for field, expected in case.get("fields", {}).items():
        assert getattr(error, field) == expected, field


CONFIG_CASES: List[Dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "cases" / "config.json").read_text()
)["cases"]


@pytest.mark.parametrize("case", CONFIG_CASES, ids=[c["name"] for c in CONFIG_CASES])
def test_settings_that_cannot_apply_are_refused(case: Dict[str, Any]) -> None:
    with pytest.raises(okta_admin.ConfigError) as caught:
        okta_admin.Client(org_url="https://dev-1.okta.com", **case["settings"])
    assert f"{case['names']}=" in str(caught.value), str(caught.value)
