"""Client configuration, environment variables, resource objects, the GIL, Ctrl-C and fork."""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
import weakref
from typing import Any

import pytest

import okta_admin

from conftest import Mock


def test_config_from_environment(mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKTA_CLIENT_ORGURL", mock.url)
    monkeypatch.setenv("OKTA_CLIENT_TOKEN", mock.token)
    monkeypatch.setenv("OKTA_CLIENT_RATELIMIT_MAXRETRIES", "0")
    client = okta_admin.Client()
    assert client.org_url == mock.url
    assert "max_retries=0" in repr(client)
    assert client.users.get("user1@example.com").id
    # explicit arguments win over the environment
    assert okta_admin.Client(token="other").org_url == mock.url
    assert "max_retries=5" in repr(okta_admin.Client(max_retries=5, token=mock.token))


def test_missing_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OKTA_CLIENT_ORGURL", raising=False)
    monkeypatch.delenv("OKTA_CLIENT_TOKEN", raising=False)
    with pytest.raises(okta_admin.ConfigError, match="OKTA_CLIENT_ORGURL"):
        okta_admin.Client()
    with pytest.raises(okta_admin.ConfigError, match="token"):
        okta_admin.Client(org_url="https://dev-1.okta.com")


def test_bearer_token_and_user_agent(mock: Mock) -> None:
    # the mock accepts its token as SSWS or Bearer
    client = okta_admin.Client(org_url=mock.url, bearer_token=mock.token, user_agent="my-tool/1.0")
    client.users.get("user1@example.com")
    headers = mock.requests()[-1]["headers"]
    assert headers["authorization"] == f"Bearer {mock.token}"
    assert "okta-admin-python/" in headers["user-agent"]
    assert headers["user-agent"].endswith("my-tool/1.0")
    assert client.user_agent == headers["user-agent"]


@pytest.mark.parametrize("cls", [okta_admin.Client, okta_admin.AsyncClient])
def test_resource_objects_are_kept_without_a_reference_cycle(mock: Mock, cls: Any) -> None:
    client = cls(org_url=mock.url, token=mock.token)
    users = client.users
    assert client.users is users and client.groups is client.groups
    assert repr(users).startswith(f"<{'Async' if cls is okta_admin.AsyncClient else ''}Users of {cls.__name__}(org_url=")
    kept = weakref.ref(users)
    del users
    # The resources hold the client's native handle, not the client: dropping the client frees
    # it (and its connections) at once, without waiting for the cycle collector.
    gc.disable()
    try:
        del client
        assert kept() is None
    finally:
        gc.enable()


def test_blocking_calls_release_the_gil(client: Any, mock: Mock) -> None:
    mock.configure(faults=["delay:600:1"])
    done = threading.Event()
    result: list[Any] = []

    def call() -> None:
        result.append(client.users.get("user1@example.com"))
        done.set()

    thread = threading.Thread(target=call)
    thread.start()
    spins = 0
    while not done.is_set():
        spins += 1  # only runs while the call waits without the GIL
        time.sleep(0.001)
    thread.join()
    assert result[0].id
    assert spins > 50


def test_threads_share_a_client(client: Any) -> None:
    out: list[str] = []

    def call(i: int) -> None:
        out.append(client.users.get(f"user{i}@example.com").profile.email)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(1, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(out) == sorted(f"user{i}@example.com" for i in range(1, 9))


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGALRM")
def test_ctrl_c_interrupts_a_blocking_call(client: Any, mock: Mock) -> None:
    mock.configure(faults=["delay:5000:1"])

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            client.users.get("user1@example.com")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_client_works_after_fork(client: Any) -> None:
    assert client.users.get("user1@example.com").id  # the parent's runtime and pool are in use
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            ok = client.users.get("user2@example.com").profile.email == "user2@example.com"
            os.write(write, b"ok" if ok else b"bad")
        except BaseException as e:  # noqa: BLE001
            os.write(write, repr(e).encode()[:200])
        finally:
            os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    answer = os.read(read, 256)
    os.close(read)
    assert answer == b"ok"
    assert client.users.get("user3@example.com").id  # and the parent still works
