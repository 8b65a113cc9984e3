"""Peak memory of preparing one feed image on a screen, by size and kind (issue 13).

Each case runs in a fresh process (peak RSS is a high-water mark) and prints the peak
above the process's baseline. The screens' pixel budget (``MAX_PIXELS``) is chosen so
the worst case stays far below what a Raspberry Pi 3 (1 GB) can spare beside the
player. Usage: ``python benchmarks/image_memory.py``.
"""

from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys

CASES = [
    ("RGBA PNG", "RGBA", "PNG"),
    ("RGB PNG", "RGB", "PNG"),
    ("palette PNG", "P", "PNG"),
    ("JPEG", "RGB", "JPEG"),
]
SIZES = [(4000, 3000), (6000, 4000), (8000, 5000)]  # 12, 24 (the budget) and 40 MP


def child(mode: str, kind: str, width: int, height: int) -> None:
    from PIL import Image  # noqa: PLC0415

    from signage.sources import images  # noqa: PLC0415

    images.MAX_PIXELS = 10**9  # measure beyond the budget too
    Image.MAX_IMAGE_PIXELS = None
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, kind)
    data = buffer.getvalue()
    del buffer
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    images.prepare_image(data, (1920, 1080))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{(peak - base) / 1024:.0f}")


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="e.g. 4000x3000,6000x4000 (default: 12, 24, 40 MP)")
    args = parser.parse_args()
    sizes = SIZES
    if args.sizes:
        sizes = [tuple(int(n) for n in s.split("x")) for s in args.sizes.split(",")]  # type: ignore[misc]
    print("peak memory above baseline to prepare one image for a 1920x1080 screen (MiB)")
    print(f"{'image':<14}" + "".join(f"{w * h / 1e6:>8.1f} MP" for w, h in sizes))
    for label, mode, kind in CASES:
        cells = []
        for width, height in sizes:
            out = subprocess.run(
                [sys.executable, __file__, "--child", mode, kind, str(width), str(height)],
                capture_output=True,
                text=True,
                check=True,
            )
            cells.append(f"{out.stdout.strip():>11}")
        print(f"{label:<14}" + "".join(cells))


if __name__ == "__main__":
    main()
