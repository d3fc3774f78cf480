#!/usr/bin/env python3
"""Measures our line drawing against matplotlib's (Agg) on the same polylines, in pixels.

Writes OUT/lines.json (the pattern, in pixel coordinates, at scale 1 and 2), draws it with
matplotlib as mpl-lines-{1,2}x.png (its default caps: projecting for solid lines, butt for
dashes; round joins), has ours draw it (--ours runs ChartGalleryTests, which reads the
JSON) as ours-lines-{1,2}x.png, and prints, per line, how much ink each drew and how far
the two coverages are apart. With pycairo installed (it needs libcairo2-dev to build),
cairo draws the pattern too, with our caps and joins, and is measured against both.
docs/charts.md quotes the result.

Pattern: a zigzag with 28° turns (joins), a sine sampled every 9 px (a forecast line),
a nearly flat line (anti-aliasing ramps), a dashed vertical marker, and a blue line
crossing a red one (overlap).

Usage: /tmp/charts-venv/bin/python tools/compare-lines.py OUT [--ours]
"""
import argparse
import json
import math
import os
import subprocess

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

try:
    import cairo
except ImportError:  # optional: pip install pycairo (needs libcairo2-dev)
    cairo = None

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
WIDTH, HEIGHT = 480, 240
RED, BLUE, GREY = "#d62728", "#1f77b4", "#8c8c8c"


def pattern():
    """The lines at scale 1: name, points (x right, y down, in pixels), width, colour, dash."""
    zigzag = [(20 + 25 * i, 30 if i % 2 else 90) for i in range(8)]
    sine = [(20 + 9 * i, 160 + 45 * math.sin(i * 2 * math.pi / 20)) for i in range(48)]
    flat = [(220, 40), (460, 52)]
    marker = [(240.5, 70), (240.5, 230)]
    cross = [(260, 60), (460, 120)]
    return [
        {"name": "zigzag", "points": zigzag, "width": 2, "color": RED},
        {"name": "sine", "points": sine, "width": 2, "color": BLUE},
        {"name": "flat", "points": flat, "width": 2, "color": RED},
        {"name": "marker", "points": marker, "width": 1.5, "color": GREY, "dash": [6, 4]},
        {"name": "cross-under", "points": [(260, 120), (460, 60)], "width": 2, "color": RED},
        {"name": "cross-over", "points": cross, "width": 2, "color": BLUE},
    ]


def scaled(lines, scale):
    return [dict(line, points=[(x * scale, y * scale) for x, y in line["points"]], width=line["width"] * scale,
                 dash=[d * scale for d in line["dash"]] if "dash" in line else None) for line in lines]


def draw_matplotlib(lines, scale, path, only=None):
    fig = plt.figure(figsize=(WIDTH / 100, HEIGHT / 100), dpi=100 * scale)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH * scale)
    ax.set_ylim(HEIGHT * scale, 0)
    ax.axis("off")
    for line in lines:
        if only and line["name"] != only:
            continue
        xs, ys = zip(*line["points"])
        # Points per pixel at this dpi: 72 / (100 · scale).
        width = line["width"] * 72 / (100 * scale)
        style = {"linestyle": (0, [d / line["width"] for d in line["dash"]])} if line["dash"] else {}
        ax.plot(xs, ys, color=line["color"], linewidth=width, **style)
    fig.savefig(path, dpi=100 * scale)
    plt.close(fig)


def draw_cairo(lines, scale, path):
    """The lines with cairo's rasteriser, given our caps: round for solid lines, butt for dashes."""
    surface = cairo.ImageSurface(cairo.FORMAT_RGB24, WIDTH * scale, HEIGHT * scale)
    context = cairo.Context(surface)
    context.set_source_rgb(1, 1, 1)
    context.paint()
    for line in lines:
        context.set_source_rgb(*(int(line["color"][i:i + 2], 16) / 255 for i in (1, 3, 5)))
        context.set_line_width(line["width"])
        context.set_line_join(cairo.LINE_JOIN_ROUND)
        context.set_line_cap(cairo.LINE_CAP_BUTT if line["dash"] else cairo.LINE_CAP_ROUND)
        context.set_dash(line["dash"] or [])
        context.move_to(*line["points"][0])
        for point in line["points"][1:]:
            context.line_to(*point)
        context.stroke()
    surface.write_to_png(path)


def compare(a, b):
    """Ink of each, mean difference where either inks, largest difference, pixels apart by > 0.25."""
    diff = np.abs(a - b)
    mean = diff[diff > 0.01].mean() if (diff > 0.01).any() else 0.0
    return f"{a.sum():7.0f} / {b.sum():7.0f}  {mean:6.3f}  {diff.max():6.3f}  {int((diff > 0.25).sum()):5d}"


def coverage(path, color):
    """Per-pixel ink of one opaque colour on white, 0…1, from the channel it changes most."""
    pixels = np.asarray(Image.open(path).convert("RGB"), dtype=float)
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    channel = int(np.argmax([255 - c for c in rgb]))
    return (255 - pixels[:, :, channel]) / (255 - rgb[channel])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--ours", action="store_true", help="also draw ours (runs swift test)")
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    lines = pattern()
    with open(os.path.join(out, "lines.json"), "w") as file:
        json.dump({"width": WIDTH, "height": HEIGHT,
                   "scales": {str(s): scaled(lines, s) for s in (1, 2)}}, file, indent=1)
    for scale in (1, 2):
        draw_matplotlib(scaled(lines, scale), scale, os.path.join(out, f"mpl-lines-{scale}x.png"))
        if cairo:
            draw_cairo(scaled(lines, scale), scale, os.path.join(out, f"cairo-lines-{scale}x.png"))
    if args.ours:
        environment = dict(os.environ, LESSON_LINES=os.path.join(out, "lines.json"), LESSON_CHART_OUT=out)
        subprocess.run(["swift", "test", "--disable-swift-testing", "--filter", "PlotTests.ChartGalleryTests"],
                       cwd=REPO, env=environment, check=True)
    # One line at a time (solid lines that do not cross): ink, mean and largest difference.
    print("line     scale  ours / Agg: ink, mean, max, >0.25", " " * 8,
          "ours / cairo" + " " * 28 + "Agg / cairo" if cairo else "")
    for scale in (1, 2):
        for line in scaled(lines, scale):
            ours = os.path.join(out, f"ours-line-{line['name']}-{scale}x.png")
            if line["name"].startswith("cross") or not os.path.exists(ours):
                continue
            theirs = os.path.join(out, f"mpl-line-{line['name']}-{scale}x.png")
            draw_matplotlib([line], scale, theirs)
            a, b = coverage(ours, line["color"]), coverage(theirs, line["color"])
            row = f"{line['name']:8} {scale}x  {compare(a, b)}"
            if cairo:
                cairo_path = os.path.join(out, f"cairo-line-{line['name']}-{scale}x.png")
                draw_cairo([line], scale, cairo_path)
                c = coverage(cairo_path, line["color"])
                row += f"   {compare(a, c)}   {compare(b, c)}"
            print(row)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
