"""Slide painters: one module per slide kind, each ``paint(painter, rect, slide, ctx)``.

The same functions paint the screen, a PNG (``signage render``) and later a PDF.
"""
