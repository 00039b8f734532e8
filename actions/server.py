"""The action server: rasa-sdk's app, on 127.0.0.1 and behind a shared token.

    python -m actions.server [--port 5055] [--host 127.0.0.1] [--actions actions]
    rasa run actions          (the same address and token check: see protect_sdk_app)

- Address: --host, else SANIC_HOST, else 127.0.0.1. (rasa-sdk's default is 0.0.0.0, every
  interface, so anyone on the network could call the actions.)
- The token: ACTION_SERVER_TOKEN (`rasa run actions` also reads var/secrets.env, made by
  `make run`, `make shell` or scripts/setup/make_secrets.py). When there is one, it is required on /webhook
  and /actions, as `Authorization: Bearer <token>` or as `?token=<token>` (what Rasa sends for
  `token:` under `action_endpoint` in endpoints.yml); without it or with a wrong one: 401.
  /health stays open for readiness checks. Without a token on a non-loopback address the server
  refuses to start when BACLOFEN_PRODUCTION is true.
- Errors answer {"error": ...} without the request: rasa-sdk's own handler echoes the whole
  tracker it was sent and turns a 404 or a malformed body into a 500.
- No CORS headers (only Rasa calls it, never a browser) and no access log (a URL may hold
  the token); nothing logged names the token or the tracker.
- BACLOFEN_PRODUCTION=true: logs at WARNING (LOG_LEVEL otherwise, default INFO).
"""

from __future__ import annotations

import argparse
import hmac
import ipaddress
import logging
import os
import sys
from pathlib import Path
from typing import Optional, Sequence

from rasa_sdk import utils as sdk_utils
from rasa_sdk.constants import DEFAULT_SERVER_PORT
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

# Nothing from the project outside actions/: rasa-sdk imports every module of the package,
# also in the deploy image, which holds only actions/ and safety/.

logger = logging.getLogger(__name__)

TOKEN_ENV = "ACTION_SERVER_TOKEN"
DEFAULT_HOST = "127.0.0.1"
OPEN_PATHS = frozenset({"/health"})
# Where scripts/setup/make_secrets.py keeps the development tokens (relative to the working
# directory: the project's top level, where `rasa run actions` is run).
SECRETS_FILE = Path("var") / "secrets.env"
SDK_APP_NAME = "rasa_sdk"  # the name rasa_sdk.endpoint.create_app gives its Sanic app


def configured_token(secrets_file: Path = SECRETS_FILE) -> Optional[str]:
    """ACTION_SERVER_TOKEN from the environment, else from `secrets_file` (NAME=value lines),
    else None. Empty values count as unset."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    try:
        lines = secrets_file.read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.strip().partition("=")
        if name == TOKEN_ENV and value.strip():
            return value.strip()
    return None


def provided_token(request: Request) -> Optional[str]:
    authorization = request.headers.get("Authorization", "")
    if authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return request.args.get("token")


def token_matches(provided: Optional[str], expected: str) -> bool:
    return provided is not None and hmac.compare_digest(provided.encode(), expected.encode())


def protect(app: Sanic, token: Optional[str]) -> Sanic:
    """Adds the token check (when `token`) and the error handler to rasa-sdk's app, once."""
    if getattr(app.ctx, "baclofen_protected", False):
        return app
    app.ctx.baclofen_protected = True

    if token:

        @app.on_request
        async def require_token(request: Request) -> Optional[HTTPResponse]:
            if request.path in OPEN_PATHS or request.method == "OPTIONS":
                return None
            if token_matches(provided_token(request), token):
                return None
            reason = "missing" if provided_token(request) is None else "wrong"
            logger.warning("Action server call refused: %s token (%s %s)", reason, request.method, request.path)
            return response.json({"error": f"{reason} action server token"}, status=401)

    # Registered after rasa-sdk's handler for Exception, so it replaces it.
    @app.exception(Exception)
    async def answer_without_the_request(request: Request, error: Exception) -> HTTPResponse:
        if isinstance(error, SanicException):
            return response.json({"error": str(error)}, status=error.status_code)
        logger.error("Action server error (%s) on %s", type(error).__name__, request.path, exc_info=error)
        return response.json({"error": f"the action server failed ({type(error).__name__})"}, status=500)

    return app


def create_action_app(actions_package: str = "actions", token: Optional[str] = None) -> Sanic:
    return protect(create_app(actions_package, cors_origins=None), token)


def protect_sdk_app() -> None:
    """For `rasa run actions`: rasa-sdk creates its app, then imports this package, then serves
    on SANIC_HOST (default 0.0.0.0). Called from actions/__init__.py, this makes that server
    listen on 127.0.0.1 unless SANIC_HOST says otherwise, and require the token. Does nothing
    when no rasa-sdk app exists yet (imports by Rasa, tests, `python -m actions.server`)."""
    try:
        app = Sanic.get_app(SDK_APP_NAME)
    except SanicException:
        return
    host = os.environ.get("SANIC_HOST", "").strip() or DEFAULT_HOST
    os.environ["SANIC_HOST"] = host  # read by rasa_sdk.endpoint.run after this import
    token = configured_token()
    if token is None and not is_loopback(host):
        message = f"`rasa run actions` on {host} without {TOKEN_ENV}: set it (scripts/setup/make_secrets.py makes one)"
        if is_production():
            raise SystemExit(f"error: {message}")
        logger.warning("%s: anyone who can reach it can run the actions", message)
    protect(app, token)


def is_production() -> bool:
    return os.environ.get("BACLOFEN_PRODUCTION", "").strip().lower() in {"1", "true", "yes"}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def log_level() -> str:
    if is_production():
        return "WARNING"
    return os.environ.get("LOG_LEVEL", "INFO").upper()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_SERVER_PORT)
    parser.add_argument("--host", default=os.environ.get("SANIC_HOST") or DEFAULT_HOST)
    parser.add_argument("--actions", default="actions", help="package with the actions")
    args = parser.parse_args(argv)

    sdk_utils.configure_colored_logging(log_level())
    sdk_utils.update_sanic_log_level()

    token = os.environ.get(TOKEN_ENV, "").strip() or None  # run.sh and the deploy image set it
    if token is None and not is_loopback(args.host):
        problem = f"the action server listens on {args.host} without {TOKEN_ENV}"
        if is_production():
            print(f"error: {problem}; set {TOKEN_ENV} (scripts/setup/make_secrets.py makes one)", file=sys.stderr)
            return 2
        logger.warning("%s: anyone who can reach it can run the actions", problem)

    app = create_action_app(args.actions, token)
    logger.info(
        "Action server on http://%s:%s (%s)",
        args.host,
        args.port,
        "token required" if token else "no token",
    )
    app.run(host=args.host, port=args.port, workers=1, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
