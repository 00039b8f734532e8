"""channels/web_origins.py: the socket.io origin check follows Rasa's --cors setting."""

from __future__ import annotations

import itertools

import pytest
from rasa.server import configure_cors
from sanic import Sanic

from channels.web_origins import OriginConfigError, origin_allowed, refuse_any_origin_in_production

_names = itertools.count()
SITE = "https://www.example.org"


def app_with_cors(origins) -> Sanic:
    app = Sanic(f"origins_test_{next(_names)}")
    configure_cors(app, origins)  # what `rasa run --cors ...` does
    return app


def test_listed_origins_and_the_own_origin_are_allowed() -> None:
    app = app_with_cors([SITE, "http://localhost:8080"])
    assert origin_allowed(app, "/socket.io/", SITE, "http://bot.example.org")
    assert origin_allowed(app, "/socket.io/", "http://localhost:8080", "http://bot.example.org")
    assert origin_allowed(app, "/socket.io/", "http://bot.example.org", "http://bot.example.org")
    assert origin_allowed(app, "/socket.io/", None, "http://bot.example.org")  # not a browser
    for foreign in ["https://evil.example", "https://www.example.org.evil.example", "null", "https://example.org"]:
        assert not origin_allowed(app, "/socket.io/", foreign, "http://bot.example.org"), foreign


def test_without_cors_only_the_own_origin_is_allowed() -> None:
    app = app_with_cors(None)
    assert not origin_allowed(app, "/socket.io/", SITE, "http://bot.example.org")
    assert origin_allowed(app, "/socket.io/", "http://bot.example.org", "http://bot.example.org")


def test_an_app_without_cors_settings_allows_no_foreign_origin() -> None:
    app = Sanic(f"origins_test_{next(_names)}")
    assert not origin_allowed(app, "/socket.io/", SITE, None)


def test_any_origin_is_refused_in_production_only(monkeypatch: pytest.MonkeyPatch) -> None:
    app = app_with_cors("*")
    assert origin_allowed(app, "/socket.io/", "https://anything.example", None)
    monkeypatch.delenv("BACLOFEN_PRODUCTION", raising=False)
    refuse_any_origin_in_production(app, "/socket.io/")
    monkeypatch.setenv("BACLOFEN_PRODUCTION", "true")
    with pytest.raises(OriginConfigError, match="list the sites"):
        refuse_any_origin_in_production(app, "/socket.io/")
    refuse_any_origin_in_production(app_with_cors([SITE]), "/socket.io/")
