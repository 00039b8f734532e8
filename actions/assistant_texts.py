"""Texts the user-feature actions send (issue 14): reaching a person, answer sources, ratings,
starting over. One wording each, only here; tests/actions/test_user_feature_actions.py pins them.

They live here, not in domain.yml, because only custom actions send them (Rasa's validator
counts a domain response that no rule or story names as unused). Placeholders in {braces}
are filled by the action that sends the text.
"""

from __future__ import annotations

HANDOFF_OPEN = (
    "You can reach our support team now by phone on {phone} or by email at {email}. "
    "Opening hours: {hours}. They can help with this service; for advice about your own "
    "treatment, please talk to your doctor or pharmacist. If someone is in danger, call {emergency_number}."
)
HANDOFF_CLOSED = (
    "Our support team is closed right now. Opening hours: {hours}. You can phone {phone} when "
    "they are open, or email {email} at any time. For advice about your own treatment, please "
    "talk to your doctor or pharmacist. If someone is in danger, call {emergency_number}."
)
# When the emergency_number slot is somehow empty.
EMERGENCY_NUMBER_FALLBACK = "your local emergency number"

ANSWER_SOURCE = "That answer ({topic}) comes from the article's {sections}."
ANSWER_NOT_COVERED = (
    "The article does not cover that question ({topic}), so that answer only says so and points "
    "you to a doctor or pharmacist."
)

RATING_THANKS = "Thank you for your feedback."
RATING_SORRY = (
    "Thank you for telling me: it helps us improve the answers. You could ask in other words, "
    "pick a topic, or ask to talk to a person."
)

RESTARTED = "OK, let's start over. This is a new conversation: I won't use anything from our earlier messages."
