"""The conversation core: the turn and its entry, the flows engine, safety, phrases, dates, i18n."""
