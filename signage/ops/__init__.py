"""Running unattended: systemd supervision, status file, proof of display, install."""
