"""A screen managed from the console: its pairing, the settings it receives, the
commands it carries out. No Qt here: the CLI and the config loader read it too."""
