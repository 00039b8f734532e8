"""Custom Rasa NLU components that run inside the Rasa server (not the action server).

Importing the package (Rasa does, to load the model) also makes the server check action-server
replies with a prebuilt schema validator (components/action_result_schema.py).
"""

from components import action_result_schema

action_result_schema.install()
