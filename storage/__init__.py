"""Runtime pieces of the scaled-out profile (deploy/): an atomic Redis lock store and a REST
channel that reports failed turns. Retention lives in storage/retention.py."""
