"""The console: one web place where admins, partners and referents see and run the screens.

A Django application (``pip install esc-signage[console]``; a screen never installs it),
started by ``signage console``. Its state (database, screenshots, secret key) lives in
one folder: ``--state``, ``SIGNAGE_CONSOLE_STATE``, or the user's state folder.
See docs/console.md.
"""
