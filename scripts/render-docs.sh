#!/usr/bin/env bash
# Re-renders the pictures of docs/renders/ from the bundled demo, at a fixed instant
# (Saturday 28 November 2026, 10:40, Europe/Paris) so they only change when the look does.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/docs/renders"
SIGNAGE="$ROOT/.venv/bin/signage"
AT="2026-11-28T10:40"
mkdir -p "$OUT"
for kind in semainier agenda announcements wifi apps posters fallback; do
  "$SIGNAGE" render --slide "$kind" --at "$AT" --size 1920x1080 --out "$OUT/$kind-1920x1080.png"
done
for kind in semainier agenda wifi apps; do
  "$SIGNAGE" render --slide "$kind" --at "$AT" --size 1080x1920 --out "$OUT/$kind-1080x1920.png"
done
