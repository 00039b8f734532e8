"""The Telegram channel's settings: read from the environment, checked once at start-up.

The channel is off when TELEGRAM_TOKEN is unset, so the rest of the bot starts without it.
Rasa refuses to start when a `${VAR}` in credentials.yml is unset, which is why these
variables are read here and not written as `${...}` in credentials.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional
from urllib.parse import urlparse

from rasa.shared.exceptions import RasaException

DEFAULT_API_BASE_URL = "https://api.telegram.org"

# credentials.yml key -> environment variable. A non-empty credentials value wins.
ENVIRONMENT_VARIABLES: Dict[str, str] = {
    "access_token": "TELEGRAM_TOKEN",
    "verify": "TELEGRAM_BOT_NAME",
    "webhook_url": "TELEGRAM_WEBHOOK_URL",
    "webhook_secret": "TELEGRAM_WEBHOOK_SECRET",
    "api_base_url": "TELEGRAM_API_BASE_URL",
    "register_webhook": "TELEGRAM_REGISTER_WEBHOOK",
}

# What BotFather hands out: "<bot id>:<secret>".
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
# Telegram's rule for setWebhook's secret_token.
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_BOT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class TelegramConfigError(RasaException):
    """A setting is missing or invalid; the message names the variable and how to fix it."""


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    bot_name: str
    webhook_secret: str
    webhook_url: Optional[str]
    api_base_url: str
    register_webhook: bool

    def __repr__(self) -> str:
        # Never print the token or the secret into a log.
        return (
            f"TelegramSettings(bot_name={self.bot_name!r}, webhook_url={self.webhook_url!r}, "
            f"api_base_url={self.api_base_url!r}, register_webhook={self.register_webhook})"
        )


def load_settings(credentials: Optional[Mapping[str, Any]], environ: Mapping[str, str]) -> Optional[TelegramSettings]:
    """The settings, or None when the channel is off (no TELEGRAM_TOKEN)."""
    credentials = dict(credentials or {})
    unknown = sorted(set(credentials) - set(ENVIRONMENT_VARIABLES))
    if unknown:
        raise TelegramConfigError(
            f"Unknown key(s) {unknown} in the telegram section of credentials.yml. "
            f"Known keys: {sorted(ENVIRONMENT_VARIABLES)} (better: leave the section empty and "
            f"set the environment variables {sorted(ENVIRONMENT_VARIABLES.values())})."
        )

    def value(key: str) -> str:
        given = credentials.get(key)
        if given is not None and str(given).strip():
            return str(given).strip()
        return environ.get(ENVIRONMENT_VARIABLES[key], "").strip()

    token = value("access_token")
    if not token:
        return None

    register_webhook = _parse_bool(value("register_webhook"), "TELEGRAM_REGISTER_WEBHOOK")
    required = ["verify", "webhook_secret"] + (["webhook_url"] if register_webhook else [])
    missing = [ENVIRONMENT_VARIABLES[key] for key in required if not value(key)]
    if missing:
        raise TelegramConfigError(
            f"The telegram channel is on (TELEGRAM_TOKEN is set) but {', '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not set. "
            + " ".join(_HOW_TO_SET[name] for name in missing)
            + " Or unset TELEGRAM_TOKEN to turn the telegram channel off."
        )

    settings = TelegramSettings(
        token=token,
        bot_name=value("verify").lstrip("@"),
        webhook_secret=value("webhook_secret"),
        webhook_url=value("webhook_url") or None,
        api_base_url=(value("api_base_url") or DEFAULT_API_BASE_URL).rstrip("/"),
        register_webhook=register_webhook,
    )
    _check(settings)
    return settings


_HOW_TO_SET = {
    "TELEGRAM_BOT_NAME": "TELEGRAM_BOT_NAME is the bot's username from BotFather (e.g. BaclofenInfoBot).",
    "TELEGRAM_WEBHOOK_SECRET": (
        "TELEGRAM_WEBHOOK_SECRET is a random string of 1-256 characters A-Z, a-z, 0-9, _ or - "
        "(e.g. `openssl rand -hex 32`); Telegram sends it with every update."
    ),
    "TELEGRAM_WEBHOOK_URL": (
        "TELEGRAM_WEBHOOK_URL is the public HTTPS address of /webhooks/telegram/webhook "
        "(needed because TELEGRAM_REGISTER_WEBHOOK is true)."
    ),
}


def _parse_bool(text: str, variable: str) -> bool:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise TelegramConfigError(f"{variable} must be true or false, not {text!r}.")


def _check(settings: TelegramSettings) -> None:
    problems: List[str] = []
    if not _TOKEN.match(settings.token):
        # The token itself is not echoed: it is a credential.
        problems.append("TELEGRAM_TOKEN does not look like a BotFather token ('<digits>:<letters>').")
    if not _BOT_NAME.match(settings.bot_name):
        problems.append(
            f"TELEGRAM_BOT_NAME {settings.bot_name!r} is not a Telegram bot username "
            "(5-32 characters: letters, digits and _)."
        )
    if not _SECRET.match(settings.webhook_secret):
        problems.append(
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters, only A-Z, a-z, 0-9, _ and - "
            "(Telegram rejects anything else)."
        )
    if settings.webhook_url is not None and urlparse(settings.webhook_url).scheme != "https":
        problems.append(
            f"TELEGRAM_WEBHOOK_URL must be an https:// address (Telegram requires it), not {settings.webhook_url!r}."
        )
    api = urlparse(settings.api_base_url)
    if api.scheme not in ("http", "https") or not api.netloc:
        problems.append(f"TELEGRAM_API_BASE_URL must be an http(s):// address, not {settings.api_base_url!r}.")
    if problems:
        raise TelegramConfigError("Invalid telegram channel settings: " + " ".join(problems))
