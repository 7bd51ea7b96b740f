"""Fixtures: a fresh okta-mock server per test, clients pointed at it, and the generator's IR.

Environment:
- ``OKTA_MOCK_BIN``: the mock binary (default ``target/debug/okta-mock``, built with
  ``cargo build -p okta-mock`` when missing).
- ``OKTA_IR_JSON``: a file with the output of ``cargo xtask ir`` (default: run it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

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
