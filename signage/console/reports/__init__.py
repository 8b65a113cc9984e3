"""Proof of display: the counts the heartbeats carry, and the weekly report."""
