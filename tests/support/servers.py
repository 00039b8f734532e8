"""The servers and the REST client the tests use, from devtools (shared with staff/ and bench/)."""

from devtools.models import latest_model
from devtools.rest import reply_text, rest_turn
from devtools.servers import (
    ROOT,
    VENV_BIN,
    ManagedProcess,
    action_server,
    free_port,
    rasa_server,
    write_endpoints,
)

__all__ = [
    "ROOT",
    "VENV_BIN",
    "ManagedProcess",
    "action_server",
    "free_port",
    "latest_model",
    "rasa_server",
    "reply_text",
    "rest_turn",
    "write_endpoints",
]
