#!/usr/bin/env bash
# Sets up what the player and its tests need, then returns: the system libraries Qt
# loads (Debian / Raspberry Pi OS), a virtual environment in .venv, and the package with
# its test tools. Sourced by ./run-demo and ./run-tests; safe to run again (it only does
# what is missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"

# shared object -> Debian package that provides it (Qt's xcb, wayland and offscreen
# platform plugins need these; see README "System packages").
QT_LIBS=(
  "libEGL.so.1:libegl1" "libGL.so.1:libgl1" "libxkbcommon.so.0:libxkbcommon0"
  "libxkbcommon-x11.so.0:libxkbcommon-x11-0" "libfontconfig.so.1:libfontconfig1"
  "libdbus-1.so.3:libdbus-1-3" "libglib-2.0.so.0:libglib2.0-0"
  "libxcb-cursor.so.0:libxcb-cursor0" "libxcb-icccm.so.4:libxcb-icccm4"
  "libxcb-image.so.0:libxcb-image0" "libxcb-keysyms.so.1:libxcb-keysyms1"
  "libxcb-randr.so.0:libxcb-randr0" "libxcb-render-util.so.0:libxcb-render-util0"
  "libxcb-shape.so.0:libxcb-shape0" "libxcb-xkb.so.1:libxcb-xkb1"
  "libX11-xcb.so.1:libx11-xcb1" "libwayland-client.so.0:libwayland-client0"
  "libwayland-cursor.so.0:libwayland-cursor0" "libwayland-egl.so.1:libwayland-egl1"
)

missing_packages() {
  local missing=() entry
  if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing+=("python3-venv")
  fi
  if command -v ldconfig >/dev/null 2>&1 || [ -x /sbin/ldconfig ]; then
    local cache
    cache="$( (ldconfig -p 2>/dev/null || /sbin/ldconfig -p) )"
    for entry in "${QT_LIBS[@]}"; do
      grep -q "${entry%%:*}" <<<"$cache" || missing+=("${entry##*:}")
    done
  fi
  echo "${missing[@]:-}"
}

install_system_packages() {
  local missing
  missing="$(missing_packages) ${EXTRA_PACKAGES:-}"
  missing="$(echo $missing)"
  [ -z "$missing" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "signage: please install the system libraries Qt needs: $missing" >&2
    return 1
  fi
  echo "signage: installing system packages: $missing" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
  else
    echo "signage: run as root: apt-get install $missing" >&2
    return 1
  fi
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo "signage: creating the virtual environment in .venv" >&2
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
  fi
  # Reinstall only when the project's dependencies changed.
  local stamp="$VENV/.signage-installed" wanted
  wanted="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "signage: installing the package and its dependencies into .venv" >&2
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT[dev]"
    echo "$wanted" >"$stamp"
  fi
}

install_system_packages
ensure_venv
