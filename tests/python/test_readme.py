"""The README's Python examples run, as written, against okta-mock (through the environment
variables of Okta's SDKs); the names they leave to the reader are defined first."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Mock

FIXTURES = ROOT / "crates" / "okta-admin-runtime" / "tests" / "fixtures"


def readme_blocks(language: str) -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_readme_python_examples_run(mock: Mock, hermetic: Path) -> None:
    blocks = readme_blocks("python")
    assert len(blocks) == 3, "the README's Python examples"
    import okta_admin

    app_id = next(iter(okta_admin.Client(org_url=mock.url, token=mock.token).applications.list())).id
    (Path.cwd() / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (hermetic / "keys").mkdir()
    (hermetic / "keys" / "app.pem").write_text((FIXTURES / "rsa_pkcs8.pem").read_text())
    prelude = (
        f"app_id = {app_id!r}\ncsr_id = 'csr1'\nurl = {mock.url!r}\n"
        "pem_bytes = b'-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n'\n"
    )
    script = prelude + "\n".join(blocks)
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={"OKTA_CLIENT_ORGURL": mock.url, "OKTA_CLIENT_TOKEN": mock.token, "HOME": str(hermetic), "NO_PROXY": "*"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ada@example.com" in result.stdout
    assert "404 E0000007" in result.stdout
