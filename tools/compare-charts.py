#!/usr/bin/env python3
"""Draws a lesson's prediction and loss charts with matplotlib, beside ours, to compare.

DATA holds forecast.csv (step,truth,prediction) and history.csv (epoch,loss,val_loss,...),
as `lesson run` writes them into result/<lesson>/. Into OUT go, at 1x (1200x600, 100 dpi)
and 2x (2400x1200, 200 dpi):
  mpl-prediction-1x.png, mpl-loss-1x.png, ...   matplotlib, default style, our layout's content
  ours-*.png                                    ours (with --ours: runs ChartGalleryTests)
  pair-*.png                                    ours above matplotlib's, one image per chart

matplotlib draws with its defaults (DejaVu Sans, 10 pt labels, 12 pt title, Agg), given only
what our chart has and matplotlib would not draw on its own: our colours, 2 px lines, the
grid, the subtitle, the dashed best-epoch marker. docs/charts.md lists what still differs.

Setup (outside the repository):
  python3 -m venv /tmp/charts-venv && /tmp/charts-venv/bin/pip install matplotlib numpy
Usage:
  /tmp/charts-venv/bin/python tools/compare-charts.py DATA OUT [--ours] [--title TITLE]
"""
import argparse
import csv
import math
import os
import subprocess

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import LogLocator  # noqa: E402
from PIL import Image  # noqa: E402  (installed with matplotlib)

RED, BLUE, ORANGE, GREY = "#d62728", "#1f77b4", "#ff7f0e", "#8c8c8c"
LINE_POINTS = 2 * 72 / 100  # our 2 px lines at 100 dpi
REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def columns(path):
    """A CSV file's columns by header name, as floats (an empty field is NaN)."""
    with open(path, newline="") as file:
        rows = list(csv.DictReader(file))
    return {name: [float(row[name]) if row[name] else math.nan for row in rows] for name in rows[0]}


def figure():
    # 12 x 6 inches: 1200 x 600 pixels at 100 dpi, our chart's size at scale 1.
    fig, ax = plt.subplots(figsize=(12, 6))
    ax.grid(True, color="#e6e6e6", linewidth=0.72)
    ax.set_axisbelow(True)
    return fig, ax


def titles(ax, title, subtitle):
    ax.set_title(title, pad=22)
    ax.text(0.5, 1.012, subtitle, transform=ax.transAxes, ha="center", va="bottom", color="#595959")


def prediction(data, title):
    forecast = columns(os.path.join(data, "forecast.csv"))
    steps, truth, predicted = forecast["step"], forecast["truth"], forecast["prediction"]
    rmse = math.sqrt(sum((t - p) ** 2 for t, p in zip(truth, predicted)) / len(truth))
    fig, ax = figure()
    ax.plot(steps, truth, color=RED, linewidth=LINE_POINTS, label="truth")
    ax.plot(steps, predicted, color=BLUE, linewidth=LINE_POINTS, label="prediction")
    titles(ax, title, f"RMSE {rmse:.4g} over {len(steps)} steps")
    ax.set_xlabel("step")
    ax.set_ylabel("value")
    ax.legend()
    return fig


def loss(data, title):
    history = columns(os.path.join(data, "history.csv"))
    epochs, losses, val = history["epoch"], history["loss"], history.get("val_loss", [])
    fig, ax = figure()
    ax.plot(epochs, losses, color=BLUE, linewidth=LINE_POINTS, label="loss")
    subtitle = f"{len(epochs)} epochs"
    if val and not all(math.isnan(v) for v in val):
        ax.plot(epochs, val, color=ORANGE, linewidth=LINE_POINTS, label="val_loss")
        best = min(range(len(val)), key=lambda i: math.inf if math.isnan(val[i]) else val[i])
        ax.axvline(epochs[best], color=GREY, linewidth=1.5 * 72 / 100, linestyle=(0, (4, 2.667)))
        ax.text(epochs[best], 0.985, f" best epoch {int(epochs[best])} ", transform=ax.get_xaxis_transform(),
                va="top", backgroundcolor=(1, 1, 1, 0.85))
        subtitle = f"{len(epochs)} epochs, best epoch {int(epochs[best])}: val_loss {val[best]:.4g}"
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10))
    titles(ax, title + ": loss", subtitle)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (MSE)")
    ax.legend()
    return fig


def ours(data, out, title):
    """Our charts of the same data, drawn by Tests/PlotTests/ChartGalleryTests.swift."""
    environment = dict(os.environ, LESSON_CHART_DATA=data, LESSON_CHART_OUT=out, LESSON_CHART_TITLE=title)
    subprocess.run(["swift", "test", "--disable-swift-testing", "--filter", "PlotTests.ChartGalleryTests"],
                   cwd=REPO, env=environment, check=True)


def pair(top, bottom, path):
    """`top` above `bottom`, 8 grey pixels between them."""
    a, b = Image.open(top).convert("RGB"), Image.open(bottom).convert("RGB")
    both = Image.new("RGB", (max(a.width, b.width), a.height + b.height + 8), (160, 160, 160))
    both.paste(a, (0, 0))
    both.paste(b, (0, a.height + 8))
    both.save(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("out")
    parser.add_argument("--ours", action="store_true", help="also draw ours (runs swift test)")
    parser.add_argument("--title", default="A small sine wave")
    args = parser.parse_args()
    data, out = os.path.abspath(args.data), os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    for name, draw in (("prediction", prediction), ("loss", loss)):
        for scale in (1, 2):
            fig = draw(data, args.title)
            fig.savefig(os.path.join(out, f"mpl-{name}-{scale}x.png"), dpi=100 * scale)
            plt.close(fig)
    if args.ours:
        ours(data, out, args.title)
    for name in ("prediction", "loss"):
        for scale in (1, 2):
            mine, theirs = (os.path.join(out, f"{who}-{name}-{scale}x.png") for who in ("ours", "mpl"))
            if os.path.exists(mine):
                pair(mine, theirs, os.path.join(out, f"pair-{name}-{scale}x.png"))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
