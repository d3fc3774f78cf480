#!/usr/bin/env bash
# Checks that charts and prose images show as real pictures in real terminals, not only
# as bytes in tests: runs the small sine lesson in xterm with sixel (-ti vt340) and in
# kitty, each on a virtual X screen, and `lesson step` with a prose image in xterm,
# takes screenshots and counts the chart's red (#D62728) and blue (#1F77B4) pixels in
# them. A braille control run must show (almost) none of those colours, so the count
# tells pictures from sketches.
#
#   tools/check-terminal-images.sh [LESSON_BINARY]    (default: .build/debug/lesson)
#
# Needs term-shot (the TERM_SHOT variable, term-shot on PATH, or ../shared/tools/term-shot
# next to the checkout), Xvfb, xterm, kitty and ImageMagick; skips (exit 0) when they
# are missing. Leaves the screenshots in a temporary folder (printed) to look at.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
binary=$(realpath "${1:-$root/.build/debug/lesson}")
[ -x "$binary" ] || { echo "no lesson binary at $binary: swift build first" >&2; exit 1; }
shot=${TERM_SHOT:-$(command -v term-shot || echo "$root/../shared/tools/term-shot")}
for tool in "$shot" Xvfb xterm kitty convert; do
    command -v "$tool" >/dev/null || { echo "skipped: $tool not found"; exit 0; }
done

work=$(mktemp -d /tmp/check-terminal-images.XXXXXX)
mkdir -p "$work/Lessons"
cp "$root/Tests/EndToEndTests/Lessons/01-small-sine.md" "$work/Lessons/"
echo "screenshots in $work"
failures=0

# How many pixels of the screenshot are within 5% of a colour.
count() { convert "$1" -alpha off -fuzz 5% -fill black +opaque "$2" -fill white -opaque "$2" \
              -format '%[fx:round(mean*w*h)]' info:; }

# check NAME TERMINAL EXPECT(pictures|sketch) COMMAND...: screenshot, count, judge.
check() {
    local name=$1 terminal=$2 expect=$3; shift 3
    "$shot" "$terminal" "$work/$name.png" 12 -- env -C "$work" "$@" >/dev/null || { echo "FAIL $name: no screenshot"; failures=$((failures + 1)); return; }
    local red blue
    red=$(count "$work/$name.png" '#D62728'); blue=$(count "$work/$name.png" '#1F77B4')
    local seen=sketch; [ "$red" -ge 100 ] && [ "$blue" -ge 100 ] && seen=pictures
    if [ "$seen" = "$expect" ]; then echo "ok   $name: $red red and $blue blue pixels ($seen)"
    else echo "FAIL $name: $red red and $blue blue pixels, expected $expect"; failures=$((failures + 1)); fi
}

check xterm-sixel xterm pictures "$binary" run --force
check kitty kitty pictures "$binary" run --force
check xterm-braille xterm sketch "$binary" run --force --images braille
# Prose: an image paragraph before the first cell, drawn by `step` (answers piped: show, then quit).
sed -i '0,/^```setup/s//![The prediction of the run before](..\/result\/01-small-sine\/prediction.png)\n\n&/' "$work/Lessons/01-small-sine.md"
check xterm-step-prose xterm pictures bash -c "echo q | $(printf %q "$binary") step"

[ "$failures" = 0 ] && echo "all terminal image checks passed" || echo "$failures terminal image check(s) failed"
[ "$failures" = 0 ]
