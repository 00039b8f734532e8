"""Where Rasa calls the action server, read from the endpoints file Rasa is given.

    python scripts/ops/action_endpoint.py ENDPOINTS [--action-port PORT]

The endpoints file is the one place that sets the action server's address: endpoints.yml
names it (`rasa run actions` and `rasa shell` use the same defaults), and
deploy/endpoints.production.yml takes it from $ACTION_SERVER_URL. scripts/ops/run.sh asks this
script for the port and starts the action server on it, so the two cannot differ. The file is
read with Rasa's own reader: ${VARIABLES} expand exactly as in Rasa.

Prints the port (e.g. 5055) and exits 0. Exits 1 with one line "error: ..." on stderr when the
file cannot be read or has no action_endpoint, a variable in it is unset, the URL is not an
http(s) URL on this machine (run.sh starts the action server here), or --action-port (run.sh
passes $ACTION_PORT when it is set) is another port.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Optional, Sequence
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# Rasa's and Sanic's imports warn about deprecated packages: recorded and dropped, so the
# output stays one line (Sanic adds its own warning filter, so ignoring them is not enough).
with warnings.catch_warnings(record=True):
    from rasa.shared.exceptions import RasaException
    from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

    from actions.server import is_loopback

SECTION = "action_endpoint"


class ActionEndpointError(Exception):
    """The action server's address cannot be used; the message says why, in one line."""


def read_action_endpoint(endpoints: Path) -> EndpointConfig:
    """The action endpoint as Rasa reads it (URL, token); ActionEndpointError otherwise."""
    if not endpoints.is_file():
        raise ActionEndpointError(f"no endpoints file at {endpoints}")
    try:
        endpoint = read_endpoint_config(str(endpoints), SECTION)
    except (RasaException, TypeError, ValueError) as error:
        reason = " ".join(str(error).split())
        raise ActionEndpointError(f"cannot read {SECTION} from {endpoints}: {reason}") from None
    if endpoint is None or not isinstance(endpoint.url, str) or not endpoint.url:
        raise ActionEndpointError(f"{endpoints} has no {SECTION}.url: Rasa could not call the action server")
    return endpoint


def local_port(url: str) -> int:
    """The port of an http(s) URL on this machine (loopback), e.g. 5055 for
    http://127.0.0.1:5055/webhook; 80 or 443 when the URL names none.

    Raises ActionEndpointError for another scheme, another host or a malformed port.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ActionEndpointError(f"{url!r} is not an http(s) URL")
    if not is_loopback(parts.hostname):
        raise ActionEndpointError(
            f"{url} is not on this machine, but make run starts the action server here "
            "(use http://127.0.0.1:<port>/webhook)"
        )
    try:
        port = parts.port
    except ValueError:
        raise ActionEndpointError(f"{url!r} has a malformed port") from None
    return port or (443 if parts.scheme == "https" else 80)


def action_port(endpoints: Path, expected: Optional[int] = None) -> int:
    """The port to start the action server on, checked against the caller's `expected` one."""
    url = read_action_endpoint(endpoints).url
    try:
        port = local_port(url)
    except ActionEndpointError as error:
        raise ActionEndpointError(f"{SECTION}.url in {endpoints}: {error}") from None
    if expected is not None and expected != port:
        raise ActionEndpointError(
            f"ACTION_PORT={expected}, but {endpoints} sends Rasa's action calls to {url}: "
            f"set the port in {SECTION}.url there (the one place for it) and unset ACTION_PORT"
        )
    return port


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("endpoints", type=Path, help="the endpoints file Rasa is started with")
    parser.add_argument(
        "--action-port",
        type=int,
        metavar="PORT",
        help="the port the caller was asked for (ACTION_PORT): must be the file's",
    )
    args = parser.parse_args(argv)
    try:
        print(action_port(args.endpoints, args.action_port))
    except ActionEndpointError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
