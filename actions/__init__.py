"""Custom actions for the baclofen assistant, served by `rasa run actions`."""
