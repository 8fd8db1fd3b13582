#!/bin/sh
# Makes bot/picture/fonts/paperbot-sans.ttf, the one font the pictures draw
# with: Go Regular (golang.org/x/image/font/gofont, BSD) for Latin, Greek
# and Cyrillic, plus the Chinese characters the pictures need, taken from
# Droid Sans Fallback (Apache 2.0). Run it after changing a string the
# pictures draw (the "pic." messages in bot/i18n.go, topic names in
# data/topics.json): TestPictureGlyphs in bot fails until you do.
#
#   scripts/fonts.sh
#
# Needs Debian's fonts-droid-fallback and python3-fonttools
# (apt-get install fonts-droid-fallback python3-fonttools). Nothing runs it
# at build or test time; its output is committed.
set -eu
cd "$(dirname "$0")/.."
droid=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
py=/usr/bin/python3
[ -f "$droid" ] || { echo "fonts.sh: $droid missing: apt-get install fonts-droid-fallback" >&2; exit 1; }
gofont="$(go list -m -f '{{.Dir}}' golang.org/x/image)/font/gofont/ttfs/Go-Regular.ttf"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the characters the pictures draw, as the bot's own test lists them
go test ./bot -count=1 -run '^TestPictureGlyphs$' -args -picture-runes "$tmp/runes.txt" >/dev/null
"$py" -m fontTools.subset "$droid" --text-file="$tmp/runes.txt" --output-file="$tmp/cjk.ttf" \
  --no-hinting --layout-features='' --drop-tables+=GSUB,GPOS,GDEF
"$py" -m fontTools.ttLib.scaleUpem "$tmp/cjk.ttf" 2048 --output-file "$tmp/cjk2048.ttf" >/dev/null
cp "$gofont" "$tmp/go.ttf"
chmod u+w "$tmp/go.ttf"
"$py" scripts/fontmerge.py "$tmp/go.ttf" "$tmp/cjk2048.ttf" bot/picture/fonts/paperbot-sans.ttf
