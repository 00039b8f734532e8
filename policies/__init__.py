"""Custom Rasa dialogue policies (graph components that run inside the Rasa server)."""
