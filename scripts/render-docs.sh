#!/usr/bin/env bash
# Re-renders the pictures of docs/renders/ from the bundled demo, at a fixed instant
# (Saturday 28 November 2026, 10:40, Europe/Paris) so they only change when the look does:
# every slide kind in every theme at 1920×1080, a portrait set, and the printable posters.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/docs/renders"
SIGNAGE="$ROOT/.venv/bin/signage"
AT="2026-11-28T10:40"
mkdir -p "$OUT"
for theme in light dark contrast; do
  for kind in semainier agenda announcements wifi apps posters rooms fallback; do
    suffix=$([ "$theme" = light ] && echo "" || echo "-$theme")
    "$SIGNAGE" render --slide "$kind" --at "$AT" --size 1920x1080 --theme "$theme" \
      --out "$OUT/$kind-1920x1080$suffix.png"
  done
done
for kind in semainier agenda announcements wifi apps posters rooms; do
  "$SIGNAGE" render --slide "$kind" --at "$AT" --size 1080x1920 --out "$OUT/$kind-1080x1920.png"
done
"$SIGNAGE" render --slide announcements --at "$AT" --size 1920x1080 --language en \
  --out "$OUT/announcements-1920x1080-en.png"
for size in 1920x1080 1080x1920; do
  "$SIGNAGE" render --slide pairing --at "$AT" --size "$size" --out "$OUT/pairing-$size.png"
done
for kind in wifi apps semainier agenda rooms; do
  "$SIGNAGE" poster --slide "$kind" --at "$AT" --out "$OUT/poster-$kind-A4.pdf"
done
# The semainier with its « Sur votre téléphone » corner (a screen whose page has an address).
PHONE="$(mktemp -d)"
sed -e "s|^feed = .*|feed = \"$ROOT/assets/demo/feed.json\"|" \
  -e "s|^transition_seconds = .*|&\nphone_page = \"https://ecrans.esc-rennes.fr/flux/telephone/maurepas.html\"|" \
  "$ROOT/config/demo.toml" >"$PHONE/demo.toml"
for size in 1920x1080 1080x1920; do
  "$SIGNAGE" render --config "$PHONE/demo.toml" --slide semainier --at "$AT" --size "$size" \
    --out "$OUT/semainier-$size-phone.png"
done
rm -rf "$PHONE"
