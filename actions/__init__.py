"""Custom actions for the baclofen assistant, served by `python -m actions.server` or by
`rasa run actions` (both on 127.0.0.1 and behind the shared token: actions/server.py)."""

from actions.server import protect_sdk_app

# Under `rasa run actions`, rasa-sdk imports this package after creating its app.
protect_sdk_app()
