#!/usr/bin/env bash
# The installed package's first start, photographed under Xvfb (docs/screenshots/installed-first-start*.png).
# Needs the .deb installed (/usr/bin/dealercrm) or unpacked (`dpkg-deb -x dealercrm_*.deb ROOT`, then pass
# ROOT/opt/dealercrm/dealercrm as the second argument), and: apt-get install xvfb imagemagick xdotool.
# Usage: installer/screenshot_first_start.sh [OUT_DIR [DEALERCRM_EXECUTABLE]]
# A fresh HOME: no database yet, so the app asks before creating one (installed-first-start.png), then,
# Enter pressed (Create), shows the first-run dialog (installed-first-start-2.png).
set -euo pipefail
out=${1:-docs/screenshots}
program=${2:-/usr/bin/dealercrm}
work=$(mktemp -d)
trap 'kill "$app" "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY=:97 HOME=$work/home XDG_RUNTIME_DIR=$work/run LANG=C.UTF-8
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
Xvfb "$DISPLAY" -screen 0 1100x720x24 -nolisten tcp &
xvfb=$!
sleep 2
xsetroot -solid '#3b4252' 2>/dev/null || true
QT_QPA_PLATFORM=xcb "$program" --lang fr &
app=$!
sleep 6
import -window root "$out/installed-first-start.png"
xdotool key Return
sleep 5
import -window root "$out/installed-first-start-2.png"
echo "screenshots in $out"
