"""Check action-server replies against Rasa's schema with a validator built once.

Rasa 3.6 checks every action-server reply with `jsonschema.validate(result, spec)`
(`RemoteAction._validate_action_result`). `jsonschema.validate` first checks the *schema itself*
against the draft meta-schema, on every call: 10-15 ms of a medical turn on this machine, more
than the intent classifier (BENCHMARKS.md, "Action-server replies"). `install()` swaps in a
method that checks the same reply against the same schema
(`RemoteAction.action_response_format_spec()`) with one validator built at first use, and raises
the same error (jsonschema's best match, with Rasa's hint appended). Nothing else changes.

Installed by `components/__init__.py`, so by any Rasa server that loads this project's model.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, Optional

from jsonschema import ValidationError, exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_original = RemoteAction._validate_action_result
_validator: Optional[Any] = None
_lock = threading.Lock()

# Rasa's own wording, appended to the schema error as Rasa 3.6 does.
HINT = (
    ". Failed to validate Action server response from API, "
    "make sure your response from the Action endpoint is valid. "
    f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
)


def _get_validator() -> Any:
    global _validator
    if _validator is None:
        with _lock:
            if _validator is None:
                schema = RemoteAction.action_response_format_spec()
                cls = validators.validator_for(schema)
                cls.check_schema(schema)  # once, not per reply
                _validator = cls(schema)
    return _validator


def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` with a prebuilt validator.

    Returns:
        True for a reply that matches the schema.

    Raises:
        jsonschema.ValidationError: the best-matching error, its message ending with Rasa's hint.
    """
    error = exceptions.best_match(_get_validator().iter_errors(result))
    if error is not None:
        error.message += HINT
        raise error
    return True


def install() -> None:
    """Makes every `RemoteAction` use `validate_action_result` (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def installed() -> bool:
    return RemoteAction._validate_action_result is validate_action_result


__all__ = ["HINT", "ValidationError", "install", "installed", "validate_action_result", "_original"]
