"""Brobygger: a guided self-help conversation that hands participants to human bridge-builders."""
