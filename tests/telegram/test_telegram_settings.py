"""Settings from the environment: off without a token, a clear error when half set up."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict

import pytest
from rasa.core.run import create_http_input_channels

from channels.telegram import TelegramConnector
from channels.telegram_settings import DEFAULT_API_BASE_URL, TelegramConfigError, load_settings

TOKEN = "123456789:AAFakeTokenForOfflineTests_abcdefghij"
COMPLETE = {
    "TELEGRAM_TOKEN": TOKEN,
    "TELEGRAM_BOT_NAME": "@BaclofenInfoBot",
    "TELEGRAM_WEBHOOK_SECRET": "s3cret-Value_1",
}


def _without(name: str) -> Dict[str, str]:
    return {key: value for key, value in COMPLETE.items() if key != name}


def test_no_token_means_the_channel_is_off() -> None:
    assert load_settings({}, {}) is None
    assert load_settings(None, {"TELEGRAM_WEBHOOK_SECRET": "x", "TELEGRAM_TOKEN": "  "}) is None


def test_a_complete_environment_gives_settings_with_defaults() -> None:
    settings = load_settings({}, COMPLETE)
    assert settings.bot_name == "BaclofenInfoBot"
    assert settings.api_base_url == DEFAULT_API_BASE_URL
    assert settings.register_webhook is False
    assert settings.webhook_url is None
    assert TOKEN not in repr(settings) and "s3cret" not in repr(settings)


@pytest.mark.parametrize("missing", ["TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_BOT_NAME"])
def test_a_token_without_the_other_required_variables_fails_naming_them(missing: str) -> None:
    with pytest.raises(TelegramConfigError, match=f"TELEGRAM_TOKEN is set\\) but {missing} is not set"):
        load_settings({}, _without(missing))


def test_registering_needs_a_webhook_url() -> None:
    with pytest.raises(TelegramConfigError, match="TELEGRAM_WEBHOOK_URL is not set"):
        load_settings({}, {**COMPLETE, "TELEGRAM_REGISTER_WEBHOOK": "true"})


@pytest.mark.parametrize(
    "variable, value, complaint",
    [
        ("TELEGRAM_TOKEN", "not-a-token", "does not look like a BotFather token"),
        ("TELEGRAM_WEBHOOK_SECRET", "has spaces in it", "only A-Z"),
        ("TELEGRAM_WEBHOOK_URL", "http://bot.example.org/hook", "must be an https://"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org", "must be an http(s)://"),
        ("TELEGRAM_REGISTER_WEBHOOK", "maybe", "true or false"),
        ("TELEGRAM_BOT_NAME", "a b", "not a Telegram bot username"),
    ],
)
def test_invalid_values_are_named(variable: str, value: str, complaint: str) -> None:
    with pytest.raises(TelegramConfigError, match=re.escape(complaint)) as error:
        load_settings({}, {**COMPLETE, variable: value})
    assert variable in str(error.value)
    assert TOKEN not in str(error.value)


def test_credentials_values_win_over_the_environment() -> None:
    settings = load_settings({"api_base_url": "http://127.0.0.1:9/", "register_webhook": False}, COMPLETE)
    assert settings.api_base_url == "http://127.0.0.1:9"


def test_unknown_credentials_keys_are_refused() -> None:
    with pytest.raises(TelegramConfigError, match="acess_token"):
        load_settings({"acess_token": TOKEN}, COMPLETE)


def _credentials_file(tmp_path: Path) -> str:
    path = tmp_path / "credentials.yml"
    path.write_text("rest:\nchannels.telegram.TelegramConnector:\n")
    return str(path)


def test_rasa_loads_the_channel_switched_off_from_an_empty_section(tmp_path: Path, monkeypatch) -> None:
    for name in ("TELEGRAM_TOKEN", "TELEGRAM_BOT_NAME", "TELEGRAM_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    channels = create_http_input_channels(None, _credentials_file(tmp_path))
    telegram = [c for c in channels if isinstance(c, TelegramConnector)]
    assert len(telegram) == 1 and telegram[0].settings is None
    assert telegram[0].url_prefix() == "telegram"


def test_rasa_start_up_fails_clearly_when_the_secret_is_missing(tmp_path: Path, monkeypatch) -> None:
    for name, value in _without("TELEGRAM_WEBHOOK_SECRET").items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    with pytest.raises(TelegramConfigError, match="TELEGRAM_WEBHOOK_SECRET is not set"):
        create_http_input_channels(None, _credentials_file(tmp_path))
