"""Shared test helpers: starting the assistant's servers, finding ports, talking REST."""
