"""Reading messages with a shipped multilingual sentence encoder beside the rules."""
