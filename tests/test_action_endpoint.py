"""scripts/ops/action_endpoint.py: the action server's port, read from the endpoints file Rasa gets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.ops.action_endpoint import ActionEndpointError, action_port, local_port, main
from tests.support.servers import ROOT


@pytest.mark.parametrize(
    "url, port",
    [
        ("http://127.0.0.1:5055/webhook", 5055),
        ("http://localhost:6100/webhook", 6100),
        ("http://[::1]:5056/webhook", 5056),
        ("http://127.0.0.1/webhook", 80),
        ("https://127.0.0.1/webhook", 443),
    ],
)
def test_the_port_of_a_local_url(url: str, port: int) -> None:
    assert local_port(url) == port


@pytest.mark.parametrize(
    "url, problem",
    [
        ("http://actions:5055/webhook", "is not on this machine"),
        ("http://10.0.0.5:5055/webhook", "is not on this machine"),
        ("ftp://127.0.0.1:5055/webhook", "is not an http(s) URL"),
        ("127.0.0.1:5055/webhook", "is not an http(s) URL"),
        ("http://127.0.0.1:50x5/webhook", "malformed port"),
    ],
)
def test_urls_make_run_cannot_serve(url: str, problem: str) -> None:
    with pytest.raises(ActionEndpointError, match=re.escape(problem)):
        local_port(url)


def endpoints(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "endpoints.yml"
    path.write_text(f"action_endpoint:\n  url: {url}\n  token: ${{ACTION_SERVER_TOKEN}}\n")
    return path


def test_the_project_endpoints_give_rasas_default_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "a-token")
    assert action_port(ROOT / "endpoints.yml") == 5055


def test_variables_expand_as_in_rasa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "a-token")
    monkeypatch.setenv("ACTION_SERVER_URL", "http://127.0.0.1:6123/webhook")
    assert action_port(endpoints(tmp_path, "${ACTION_SERVER_URL}")) == 6123
    monkeypatch.delenv("ACTION_SERVER_URL")
    with pytest.raises(ActionEndpointError, match=r"cannot read action_endpoint .*ACTION_SERVER_URL"):
        action_port(endpoints(tmp_path, "${ACTION_SERVER_URL}"))


def test_another_action_port_is_refused_with_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "a-token")
    path = endpoints(tmp_path, "http://127.0.0.1:5055/webhook")
    assert main([str(path), "--action-port", "5055"]) == 0
    assert capsys.readouterr().out == "5055\n"
    assert main([str(path), "--action-port", "5355"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"error: ACTION_PORT=5355, but {path} sends Rasa's action calls to http://127.0.0.1:5055/webhook: "
        "set the port in action_endpoint.url there (the one place for it) and unset ACTION_PORT\n"
    )


def test_files_without_a_usable_action_endpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "a-token")
    with pytest.raises(ActionEndpointError, match="no endpoints file at"):
        action_port(tmp_path / "missing.yml")
    (tmp_path / "stores.yml").write_text("tracker_store:\n  type: sql\n")
    with pytest.raises(ActionEndpointError, match=r"has no action_endpoint\.url"):
        action_port(tmp_path / "stores.yml")
    with pytest.raises(ActionEndpointError, match=r"action_endpoint\.url in .*is not on this machine"):
        action_port(endpoints(tmp_path, "http://actions:5055/webhook"))
