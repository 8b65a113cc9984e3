"""The fleet: heartbeats, each screen's state in words, alerts, the home page, a
screen's page, the Journal."""
