"""Conversation flows, each kept as data: states, questions, buttons and transitions."""
