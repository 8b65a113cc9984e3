"""Text fitting on the worst input allowed: any text up to the feed's cap, any box.

Prints, for each screen shape, the slowest time to fit (wrap, shrink, cut) a text into
each box the painters use for long text — announcement title and body, agenda
registration, semainier details — over the hardest texts the feed accepts (2,000
characters: one word, short words, digits, Arabic, mixed scripts). Before the fitting was
bounded by the box, one 2,000-character word took 80 to 130 s.

Run: .venv/bin/python benchmarks/text_fit.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHAPES = [(1920, 1080), (1280, 720), (3840, 2160), (1080, 1920)]
CAP = 2000
TEXTS = {
    "one word": "a" * CAP,
    "wide letters": "M" * CAP,
    "short words": ("mot " * (CAP // 4)).strip(),
    "digits": "0" * CAP,
    "arabic": ("بطاقة " * (CAP // 6)).strip(),
    "mixed": ("Atelier بطاقة 02 99 00 00 00 " * (CAP // 29))[:CAP],
}


def boxes(width: int, height: int) -> dict[str, tuple[float, float, float, float, int | None]]:
    """(box width, box height, font px, min px, max lines) of the painters' long texts."""
    from signage.layout import Metrics  # noqa: PLC0415

    m = Metrics(min(width, height))
    inner = width - 2 * m.margin
    return {
        "announcement title": (inner, height * 0.3, m.display, m.title, 4),
        "announcement body": (inner * 0.92, height * 0.35, m.subtitle, m.body, None),
        "agenda registration": (inner * 0.7, m.small * 2.6, m.small, m.min_text, 2),
        "semainier details": (inner * 0.6, m.small * 1.3, m.small, m.min_text, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from signage.player.fonts import load_fonts  # noqa: PLC0415
    from signage.player.text import lay_out  # noqa: PLC0415
    from signage.player.theme import Theme  # noqa: PLC0415

    QApplication([])
    theme = Theme(load_fonts())
    print(f"worst time to fit a {CAP:,}-character text (median of {args.repeat}), in ms")
    overall = 0.0
    for width, height in SHAPES:
        worst = ("", "", 0.0)
        for box, (w, h, px, floor, lines) in boxes(width, height).items():
            for name, text in TEXTS.items():
                runs = []
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    lay_out(text, theme.font(px), w, h, min_px=floor, max_lines=lines)
                    runs.append((time.perf_counter() - began) * 1000)
                took = statistics.median(runs)
                if took > worst[2]:
                    worst = (box, name, took)
        overall = max(overall, worst[2])
        print(f"  {width}x{height}: {worst[2]:6.2f} ms  ({worst[0]}, {worst[1]})")
    print(f"worst over all shapes: {overall:.2f} ms")


if __name__ == "__main__":
    main()
