"""Previews painted by the screens' own painters, in render processes kept apart from
the web process (Qt never loads in it; a crash there never takes the console down)."""
