"""Tools for support staff: plain-language conversation tests and transcript review.

    python -m staff.conversations            # run the conversation tests in tests/conversations/
    python -m staff.transcripts export ...   # export real conversations (md, csv, json)
    python -m staff.transcripts report       # fallback rate, unanswered messages, red flags, topics

`staff.debug_api` reads what the bot understood on each turn (intent, confidence, entities,
actions) through Rasa's HTTP API, for a staff debug view.

These modules do not import Rasa, so they start quickly and run from any checkout.
"""
