"""Channels: thin adapters between a way in (terminal, Telegram) and the conversation core."""
