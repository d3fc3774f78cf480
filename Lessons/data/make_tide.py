"""Writes tide.csv, the series of lesson 03 (run by hand; the CSV is committed).

A synthetic tide gauge: a 50-step oscillation whose amplitude swells and fades
over 400 steps (spring and neap tides), a slow 1000-step drift of the mean level,
and a little measurement noise. Deterministic: numpy's legacy generator, seed 3.
"""
import numpy as np

rng = np.random.RandomState(3)
t = np.arange(1600)
level = (np.sin(2 * np.pi * t / 50) * (0.6 + 0.4 * np.sin(2 * np.pi * t / 400))
         + 0.2 * np.sin(2 * np.pi * t / 1000)
         + rng.normal(0.0, 0.02, t.size))
with open("tide.csv", "w") as f:
    f.write("step,level\n")
    for i, v in zip(t, level):
        f.write(f"{i},{v:.5f}\n")
