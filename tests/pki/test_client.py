"""The documented HR-software client, against a live server: PKCS#12 + PIN -> API token."""

import json
import urllib.request

import pytest

from shebao.pki import client
from shebao.pki.services import certificate_revoke

from .conftest import PIN, issue


@pytest.fixture
def p12_file(transactional_db, unit, operator, tmp_path):
    from shebao.pki.services import pki_init

    pki_init()
    issued = issue(unit)
    path = tmp_path / "unit.p12"
    path.write_bytes(issued.p12)
    return issued, path


def get_cases(base: str, token: str):
    request = urllib.request.Request(
        f"{base}/api/v1/cases", headers={"Authorization": f"Token {token}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


def test_client_logs_in_and_the_token_reads_cases(live_server, p12_file):
    issued, path = p12_file
    token = client.login(live_server.url, client.token_open(path.read_bytes(), PIN))
    status, body = get_cases(live_server.url, token)
    assert status == 200 and body["count"] == 0


def test_client_reports_the_servers_reason(live_server, p12_file):
    issued, path = p12_file
    certificate_revoke(certificate=issued.record, reason="key_compromise", actor=None)
    with pytest.raises(client.LoginError, match="证书已吊销"):
        client.login(live_server.url, client.token_open(path.read_bytes(), PIN))


def test_wrong_pin_does_not_open_the_token(p12_file):
    _, path = p12_file
    with pytest.raises(client.TokenError) as exc:
        client.token_open(path.read_bytes(), "Wrong-pin-1")
    assert str(exc.value) == "PIN码不正确，或文件不是 PKCS#12 证书文件，无法打开"


def test_command_line_prints_a_token(live_server, p12_file, monkeypatch, capsys):
    _, path = p12_file
    monkeypatch.setenv("SHEBAO_PIN", PIN)
    assert client.main(["--url", live_server.url, "--p12", str(path)]) == 0
    token = capsys.readouterr().out.strip()
    assert get_cases(live_server.url, token)[0] == 200
    monkeypatch.setenv("SHEBAO_PIN", "Wrong-pin-1")
    assert client.main(["--url", live_server.url, "--p12", str(path)]) == 1
    assert "PIN码不正确" in capsys.readouterr().err
