"""Fixtures: a fresh okta-mock server per test, clients pointed at it, a scriptable stub server
for responses the mock never sends, and the generator's IR.

Every test runs with an empty home directory and working directory and without ``OKTA_CLIENT_*``
variables, so that a developer's own ``~/.okta/okta.yaml`` never leaks into a test.

Environment:
- ``OKTA_MOCK_BIN``: the mock binary (default ``target/debug/okta-mock``, built with
  ``cargo build -p okta-mock`` when missing).
- ``OKTA_IR_JSON``: a file with the output of ``cargo xtask ir`` (default: run it).
"""

from __future__ import annotations

import http.server
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token"


def _mock_binary() -> Path:
    configured = os.environ.get("OKTA_MOCK_BIN")
    path = Path(configured) if configured else ROOT / "target" / "debug" / "okta-mock"
    if not path.is_absolute():
        path = ROOT / path
    if not path.exists():
        if configured:
            raise RuntimeError(f"OKTA_MOCK_BIN={configured} does not exist")
        subprocess.run(["cargo", "build", "-q", "-p", "okta-mock"], cwd=ROOT, check=True)
    return path


@dataclass
class Mock:
    """A running okta-mock: its URL, token and control endpoints."""

    url: str
    token: str
    process: subprocess.Popen  # type: ignore[type-arg]
    output: List[str] = field(default_factory=list)

    def control(self, method: str, path: str, body: Optional[Any] = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read()
        return json.loads(text) if text.strip() else None

    def requests(self) -> List[Dict[str, Any]]:
        """The request journal: [{method, path, query, headers, body}, …]."""
        return self.control("GET", "/__mock/requests")  # type: ignore[no-any-return]

    def clear_requests(self) -> None:
        self.control("DELETE", "/__mock/requests")

    def configure(self, **config: Any) -> Any:
        """``POST /__mock/config``, e.g. ``configure(faults=["status:503:1"])``."""
        return self.control("POST", "/__mock/config", config)


def start_mock(*args: str, token: str = TOKEN) -> Mock:
    binary = _mock_binary()
    process = subprocess.Popen(
        [str(binary), "--port", "0", "--token", token, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        rest = process.stdout.read()
        raise RuntimeError(f"okta-mock did not start: {line}{rest}")
    mock = Mock(url=line.split("listening on", 1)[1].strip(), token=token, process=process)

    def drain() -> None:  # keep the pipe from filling up
        assert process.stdout is not None
        for out in process.stdout:
            mock.output.append(out)

    threading.Thread(target=drain, daemon=True).start()
    return mock


def stop_mock(mock: Mock) -> None:
    mock.process.terminate()
    try:
        mock.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        mock.process.kill()


@pytest.fixture(autouse=True)
def hermetic(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home and working directory and no ``OKTA_CLIENT_*`` variables; returns the home."""
    home = tmp_path_factory.mktemp("home")
    work = tmp_path_factory.mktemp("work")
    for name in list(os.environ):
        if name.startswith("OKTA_CLIENT_") or name.upper() in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.chdir(work)
    return home


@pytest.fixture
def mock() -> Iterator[Mock]:
    """A fresh mock with 25 users, 5 groups and 3 apps."""
    server = start_mock("--seed-users", "25", "--seed-groups", "5", "--seed-apps", "3")
    yield server
    stop_mock(server)


@pytest.fixture
def client(mock: Mock) -> Any:
    import okta_admin

    return okta_admin.Client(org_url=mock.url, token=mock.token, timeout=10)


@pytest.fixture
def async_client(mock: Mock) -> Any:
    import okta_admin

    return okta_admin.AsyncClient(org_url=mock.url, token=mock.token, timeout=10)


@dataclass
class Canned:
    """One scripted answer of the stub: a response, a truncated body, or a dropped connection."""

    status: int = 200
    body: bytes = b""
    headers: List[Tuple[str, str]] = field(default_factory=list)
    #: "respond", "truncate" (announce more bytes than sent, then close) or "drop" (close at once).
    action: str = "respond"


class Stub:
    """A local HTTP server that answers from a script (``reply``), falling back to 404, and
    records every request as ``{method, path, query, headers, body}``."""

    def __init__(self) -> None:
        self.script: "queue.Queue[Canned]" = queue.Queue()
        self.requests: List[Dict[str, Any]] = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def handle_one(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                path, _, query = self.path.partition("?")
                stub.requests.append(
                    {
                        "method": self.command,
                        "path": path,
                        "query": query,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                    }
                )
                try:
                    canned = stub.script.get_nowait()
                except queue.Empty:
                    canned = Canned(404, b'{"errorCode":"E0000007","errorSummary":"Not found: stub"}')
                if canned.action == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.send_response(canned.status)
                names = {k.lower() for k, _ in canned.headers}
                if "content-type" not in names:
                    self.send_header("Content-Type", "application/json")
                for k, v in canned.headers:
                    self.send_header(k, v)
                announced = len(canned.body) * 2 + 10 if canned.action == "truncate" else len(canned.body)
                self.send_header("Content-Length", str(announced))
                self.end_headers()
                self.wfile.write(canned.body)
                if canned.action == "truncate":
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_one

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reply(
        self,
        status: int = 200,
        json_body: Any = None,
        *,
        body: Optional[bytes] = None,
        headers: Optional[List[Tuple[str, str]]] = None,
        action: str = "respond",
        times: int = 1,
    ) -> None:
        data = body if body is not None else (b"" if json_body is None else json.dumps(json_body).encode())
        for _ in range(times):
            self.script.put(Canned(status, data, list(headers or []), action))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub() -> Iterator[Stub]:
    server = Stub()
    yield server
    server.close()


@pytest.fixture(scope="session")
def ir() -> Dict[str, Any]:
    """The generator's IR (``cargo xtask ir``)."""
    path = os.environ.get("OKTA_IR_JSON")
    if path:
        return json.loads(Path(path).read_text())  # type: ignore[no-any-return]
    out = subprocess.run(
        ["cargo", "xtask", "ir"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def pytest_report_header(config: Any) -> str:
    import okta_admin

    return f"okta_admin {okta_admin.__version__} from {Path(okta_admin.__file__).parent} (python {sys.version.split()[0]})"
