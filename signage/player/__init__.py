"""Everything Qt: window, rotation, transitions, slide painters, theme, rendering.

Nothing outside this package imports Qt (a test enforces it).
"""
