"""Custom Rasa input/output channels, named in credentials.yml as `channels.<module>.<Class>`."""
