"""Which web pages may open a socket to the assistant: the same list as `rasa run --cors`.

`--cors` (scripts/ops/run.sh passes RASA_CORS_ORIGINS) makes sanic-cors send CORS headers to the
listed origins only. That protects HTTP requests (REST, socket.io polling), but browsers
apply no CORS to WebSockets, so the socket.io channel asks the same sanic-cors settings
whether a connecting page's Origin is allowed. One list, so the two can never disagree.
No --cors: only pages of the server's own origin. "*" (any page) is for local development
and refused when BACLOFEN_PRODUCTION is true.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Mapping, Optional

from sanic import Sanic
from sanic_cors.core import get_cors_origins, try_match

PRODUCTION_ENV = "BACLOFEN_PRODUCTION"
ANY_ORIGIN_PATTERN = ".*"  # how sanic-cors stores "*"


class OriginConfigError(ValueError):
    pass


def is_production(env: Mapping[str, str] = os.environ) -> bool:
    return env.get(PRODUCTION_ENV, "").strip().lower() in {"1", "true", "yes"}


def cors_options(app: Sanic, path: str) -> Optional[Dict[str, Any]]:
    """sanic-cors' options for `path` (as Rasa configured them), None if there are none."""
    context = getattr(app.ctx, "sanic_cors", None)
    for pattern, options in getattr(context, "resources", None) or []:
        if try_match(path, pattern):
            return options
    return None


def refuse_any_origin_in_production(app: Sanic, path: str) -> None:
    options = cors_options(app, path) or {}
    if ANY_ORIGIN_PATTERN in (options.get("origins") or []) and is_production():
        raise OriginConfigError(
            f"--cors allows any origin ('*') but {PRODUCTION_ENV} is true: list the sites "
            "that embed the chat instead (RASA_CORS_ORIGINS in scripts/ops/run.sh)."
        )


def origin_allowed(app: Sanic, path: str, origin: Optional[str], own_origin: Optional[str]) -> bool:
    """No Origin header (not a browser) or the server's own origin is always fine."""
    if not origin or origin == own_origin:
        return True
    options = cors_options(app, path)
    return bool(options and get_cors_origins(options, origin))
