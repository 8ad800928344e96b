"""The Telegram channel: update parsing, polling and webhook, and one adapter per framework."""
