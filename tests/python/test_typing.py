"""The stubs type-check a real script (`mypy --strict`), and that script runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import okta_admin

from conftest import Mock

HERE = Path(__file__).parent


def test_mypy_strict_accepts_the_example() -> None:
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(HERE / "typing_example.py")],
        capture_output=True,
        text=True,
        cwd=HERE,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_rejects_misuse(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import okta_admin\n"
        "c = okta_admin.Client()\n"
        "c.users.get()\n"  # missing id
        "c.users.list(limit='10')\n"  # wrong type
        "c.users.nope()\n"  # no such operation
        "x: int = c.users.get('a')\n"  # returns a User
        "c.users.create()\n"  # profile= or body= required
        "g = c.groups.get('g')\n"
        "assert g.profile is not None\n"
        "n: int = g.profile.name\n"  # a group's name is a str
        "a = c.applications.get('a')\n"
        "typo = a.status == 'ACTIV'\n"  # not an ApplicationLifecycleStatus
        "s: okta_admin.models.UserStatus = 'ACTIV'\n"  # not a UserStatus
        "c.users.create(profile={'login': 'a@b.c'}, credentials={'pasword': {}})\n"  # misspelt body field
        "if isinstance(a, okta_admin.models.SamlApplication) and a.settings is not None:\n"
        "    u: int = a.settings.sign_on\n"  # narrowed: a SamlApplicationSettingsSignOn
        "x2: int = a.settings\n"  # not narrowed: an Application has no settings
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(bad)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    for line in (3, 4, 5, 6, 10, 12, 13, 14, 16, 17):
        assert f"bad.py:{line}: error" in result.stdout, result.stdout


def test_the_example_runs(mock: Mock) -> None:
    sys.path.insert(0, str(HERE))
    try:
        import typing_example
    finally:
        sys.path.remove(str(HERE))
    typing_example.main(okta_admin.Client(org_url=mock.url, token=mock.token))
    import asyncio

    asyncio.run(typing_example.main_async(okta_admin.AsyncClient(org_url=mock.url, token=mock.token)))
