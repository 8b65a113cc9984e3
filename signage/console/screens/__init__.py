"""Screens and pairing: a screen's identity, its settings, the actions asked of it, the
API it talks to."""
