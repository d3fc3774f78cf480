"""Classical forecasts of lesson 06's series on its holdout, the numbers the lesson quotes.

    /tmp/realdata-venv/bin/python tools/classical-baselines.py               # holdouts 24 and 36
    /tmp/realdata-venv/bin/python tools/classical-baselines.py --holdouts 24

(venv: `pip install statsmodels pandas numpy`.) Reads Lessons/data/co2-monthly.csv,
column `co2`, the file lesson 06 reads. For each holdout H the last H months are
kept out; every method fits on the months before them and forecasts all H months
at once from the end of the training part, as the lesson's `forecast(steps: H)`
does (no method sees a held-out value). RMSE and MAE are in ppm, the data's units.

Methods:
- seasonal naive: each month repeats the last observed value of the same
  calendar month;
- Holt-Winters (statsmodels ExponentialSmoothing): additive trend, damped or not,
  additive or multiplicative seasonality of period 12, parameters and initial
  states estimated by maximum likelihood; the one with the lowest AIC is the
  method's result;
- seasonal ARIMA (statsmodels ARIMA) (p,d,q)(P,1,Q)12 with p, q in {0,1,2},
  d in {0,1}, P, Q in {0,1}: 72 fits; a linear trend in the level when d = 0
  (after the seasonal difference it is a constant: the yearly growth), none when
  d = 1 (the double difference removes it); the order with the lowest AIC is the
  method's result;
- references for the network, on the series as the lesson feeds it (seasonally
  differenced, D_t = y_t - y_(t-12), then scaled to mean 0 and variance 1 over
  the training part; both are undone to measure): a constant prediction of 0 on
  that scale (last year's value plus the mean yearly growth: what a network that
  learned nothing but the mean gives), the last 12 differences repeated, and a
  linear autoregression on the same windows (least squares, one weight per
  window step and a bias, forecast free-running as the network does).
  Scaling does not change these references (each is affine-equivariant), so they
  hold whether the lesson scales before or after differencing.

Writes tools/classical-baselines.md (tables, choices, versions) and
tools/classical-baselines.csv (every method's forecast, for plots). Deterministic
up to the last digits of the optimisers; runtime about 3-5 minutes per holdout on
one core.
"""
import argparse
import os
import platform
import time
import warnings

import numpy as np
import pandas as pd
import scipy
import statsmodels
from statsmodels.tools.sm_exceptions import ConvergenceWarning
from statsmodels.tsa.arima.model import ARIMA
from statsmodels.tsa.holtwinters import ExponentialSmoothing

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CSV = os.path.join(ROOT, "Lessons", "data", "co2-monthly.csv")
COLUMN = "co2"
PERIOD = 12
WINDOWS = (12, 24, 36)          # window lengths of the linear reference


def rmse(truth, prediction):
    return float(np.sqrt(np.mean((np.asarray(truth) - np.asarray(prediction)) ** 2)))


def mae(truth, prediction):
    return float(np.mean(np.abs(np.asarray(truth) - np.asarray(prediction))))


def seasonal_naive(train, steps):
    """ŷ[n+h] = y[n+h-12k], the latest observed value of the same calendar month."""
    n = len(train)
    return np.array([train[n - PERIOD + (h % PERIOD)] for h in range(steps)])


def holt_winters(train, steps, log):
    """Every candidate's AIC and forecast; the caller takes the lowest AIC."""
    rows = []
    for damped in (False, True):
        for seasonal in ("add", "mul"):
            model = ExponentialSmoothing(train, trend="add", damped_trend=damped, seasonal=seasonal,
                                         seasonal_periods=PERIOD, initialization_method="estimated")
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                fit = model.fit(optimized=True)
            name = f"trend add{' damped' if damped else ''}, seasonal {seasonal}"
            rows.append({"choice": name, "aic": float(fit.aic), "forecast": np.asarray(fit.forecast(steps)),
                         "warnings": len([w for w in caught if issubclass(w.category, ConvergenceWarning)])})
            log(f"  Holt-Winters {name}: AIC {fit.aic:.2f}")
    return rows


def sarima_grid(train, steps, log):
    """(p,d,q)(P,1,Q)12 over the stated grid; AIC and forecast of each fit."""
    rows = []
    grid = [(p, d, q, P, Q) for d in (0, 1) for p in (0, 1, 2) for q in (0, 1, 2) for P in (0, 1) for Q in (0, 1)]
    started = time.time()
    for i, (p, d, q, P, Q) in enumerate(grid, 1):
        trend = "t" if d == 0 else "n"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = ARIMA(train, order=(p, d, q), seasonal_order=(P, 1, Q, PERIOD), trend=trend).fit()
        converged = bool(fit.mle_retvals.get("converged", True)) if fit.mle_retvals else True
        rows.append({"choice": f"({p},{d},{q})({P},1,{Q})12" + (" + drift" if trend == "t" else ""), "d": d,
                     "aic": float(fit.aic), "forecast": np.asarray(fit.forecast(steps)), "converged": converged,
                     "warnings": len([w for w in caught if issubclass(w.category, ConvergenceWarning)])})
        log(f"  SARIMA {i}/{len(grid)} {rows[-1]['choice']}: AIC {fit.aic:.2f}"
            f"{'' if converged else ' (did not converge)'}  [{time.time() - started:.0f} s]")
    return rows


def undo_seasonal_difference(train, differences):
    """y[n+h] = y[n+h-12] + D[n+h], the forecast's own values used where the training part ends."""
    values = list(train)
    for d in differences:
        values.append(values[-PERIOD] + d)
    return np.array(values[len(train):])


def references(train, steps):
    """The network's references on the seasonally differenced, scaled series (see the docstring)."""
    differenced = train[PERIOD:] - train[:-PERIOD]
    mean, std = differenced.mean(), differenced.std()
    z = (differenced - mean) / std
    out = [("predicts 0 (the mean yearly growth)", undo_seasonal_difference(train, np.full(steps, mean))),
           ("repeats the last 12 differences", undo_seasonal_difference(
               train, np.array([differenced[len(differenced) - PERIOD + (h % PERIOD)] for h in range(steps)])))]
    for length in WINDOWS:
        inputs = np.array([z[i:i + length] for i in range(len(z) - length)])
        targets = z[length:]
        design = np.hstack([inputs, np.ones((len(inputs), 1))])
        weights, *_ = np.linalg.lstsq(design, targets, rcond=None)
        window = list(z[-length:])
        predicted = []
        for _ in range(steps):
            value = float(np.dot(weights[:-1], window[-length:]) + weights[-1])
            window.append(value)
            predicted.append(value)
        out.append((f"linear AR on windows of {length} ({len(inputs)} windows)",
                    undo_seasonal_difference(train, np.array(predicted) * std + mean)))
    return out, float(mean), float(std)


def evaluate(series, holdout, log):
    train, truth = series[:-holdout], series[-holdout:]
    log(f"holdout {holdout}: {len(train)} training months, {holdout} held out")
    naive = seasonal_naive(train, holdout)
    hw = holt_winters(train, holdout, log)
    arima = sarima_grid(train, holdout, log)
    refs, mean, std = references(train, holdout)
    return {"train": train, "truth": truth, "naive": naive, "hw": hw, "arima": arima, "refs": refs,
            "diff_mean": mean, "diff_std": std}


def table(result, holdout):
    truth = result["truth"]
    base = rmse(truth, result["naive"])
    hw_best = min(result["hw"], key=lambda r: r["aic"])
    arima_best = min(result["arima"], key=lambda r: r["aic"])

    def row(method, choice, forecast):
        e = rmse(truth, forecast)
        return f"| {method} | {choice} | {e:.3f} | {mae(truth, forecast):.3f} | {e / base:.2f} |"

    lines = [f"### Holdout {holdout} months ({len(result['train'])} training months, forecast of all {holdout} at once)", "",
             "| method | choice | RMSE (ppm) | MAE (ppm) | RMSE ÷ seasonal naive |", "| --- | --- | --- | --- | --- |",
             row("seasonal naive", "period 12", result["naive"]),
             row("Holt-Winters", hw_best["choice"] + " (lowest AIC)", hw_best["forecast"]),
             row("seasonal ARIMA", arima_best["choice"] + " (lowest AIC)", arima_best["forecast"]),
             "", "References for the network (seasonally differenced, scaled series; undone to measure):", "",
             "| reference | RMSE (ppm) | MAE (ppm) | RMSE ÷ seasonal naive |", "| --- | --- | --- | --- |"]
    for name, forecast in result["refs"]:
        e = rmse(truth, forecast)
        lines.append(f"| {name} | {e:.3f} | {mae(truth, forecast):.3f} | {e / base:.2f} |")
    lines += ["", f"Goal of issue 14 for the network: RMSE ≤ 0.7 × seasonal naive = {0.7 * base:.3f} ppm, and no worse "
              f"than the best classical method ({min(rmse(truth, hw_best['forecast']), rmse(truth, arima_best['forecast'])):.3f} ppm).",
              f"The seasonally differenced training part has mean {result['diff_mean']:.4f} and standard deviation "
              f"{result['diff_std']:.4f} ppm.", "",
              "Every Holt-Winters candidate (the lowest AIC is the result; RMSE shown for information, not used to choose):", "",
              "| choice | AIC | RMSE (ppm) | convergence warnings |", "| --- | --- | --- | --- |"]
    for r in sorted(result["hw"], key=lambda r: r["aic"]):
        lines.append(f"| {r['choice']} | {r['aic']:.2f} | {rmse(truth, r['forecast']):.3f} | {r['warnings']} |")
    lines += ["", "The five seasonal ARIMA orders with the lowest AIC, and the best of each d:", "",
              "| order | AIC | RMSE (ppm) | converged |", "| --- | --- | --- | --- |"]
    ranked = sorted(result["arima"], key=lambda r: r["aic"])
    shown = ranked[:5] + [min((r for r in ranked if r["d"] == d), key=lambda r: r["aic"])
                          for d in (0, 1)]
    seen = set()
    for r in shown:
        if r["choice"] in seen:
            continue
        seen.add(r["choice"])
        lines.append(f"| {r['choice']} | {r['aic']:.2f} | {rmse(truth, r['forecast']):.3f} | {'yes' if r['converged'] else 'no'} |")
    failed = sum(1 for r in result["arima"] if not r["converged"])
    lines += ["", f"{failed} of {len(result['arima'])} ARIMA fits reported no convergence.", ""]
    return lines


def forecasts_csv(results):
    """holdout,step,month index,truth, then one column per method."""
    out = []
    for holdout, result in results:
        hw_best = min(result["hw"], key=lambda r: r["aic"])
        arima_best = min(result["arima"], key=lambda r: r["aic"])
        columns = [("seasonal_naive", result["naive"]), ("holt_winters", hw_best["forecast"]),
                   ("sarima", arima_best["forecast"])]
        columns += [("ref_mean_growth", result["refs"][0][1]), ("ref_last_year_growth", result["refs"][1][1])]
        columns += [(f"ref_linear_ar_{length}", f) for length, (_, f) in zip(WINDOWS, result["refs"][2:])]
        if not out:
            out.append("holdout,step,index,truth," + ",".join(name for name, _ in columns))
        n = len(result["train"])
        for h in range(holdout):
            out.append(f"{holdout},{h + 1},{n + h},{result['truth'][h]:.3f},"
                       + ",".join(f"{values[h]:.3f}" for _, values in columns))
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--holdouts", default="24,36", help="comma-separated holdout lengths in months (default 24,36)")
    args = parser.parse_args()
    holdouts = [int(h) for h in args.holdouts.split(",")]
    series = pd.read_csv(CSV)[COLUMN].to_numpy(dtype=float)
    started = time.time()

    def log(message):
        print(f"[{time.time() - started:6.0f} s] {message}", flush=True)

    results = [(h, evaluate(series, h, log)) for h in holdouts]
    lines = ["# Classical baselines for lesson 06", "",
             "Made by `tools/classical-baselines.py` (`--holdouts " + ",".join(map(str, holdouts)) + "`) from "
             f"`Lessons/data/co2-monthly.csv`, column `{COLUMN}` ({len(series)} months, 1959-01 to 2001-12). "
             "Every method fits on the months before the holdout and forecasts the whole holdout at once; "
             "models are chosen by AIC on the training part only, never by the holdout. Errors in ppm.", "",
             f"Python {platform.python_version()}, statsmodels {statsmodels.__version__}, pandas {pd.__version__}, "
             f"numpy {np.__version__}, scipy {scipy.__version__}; {time.time() - started:.0f} s on one core.", ""]
    for holdout, result in results:
        lines += table(result, holdout)
    lines += ["Choosing d by AIC compares likelihoods of differently differenced data, which is not strictly "
              "comparable; the grid does it as the issue states, and lists the best order of each d so the "
              "reader sees what the other choice would give.", ""]
    text = "\n".join(lines)
    with open(os.path.join(ROOT, "tools", "classical-baselines.md"), "w", newline="\n") as f:
        f.write(text)
    with open(os.path.join(ROOT, "tools", "classical-baselines.csv"), "w", newline="\n") as f:
        f.write(forecasts_csv(results))
    print(text)
    log("wrote tools/classical-baselines.md and tools/classical-baselines.csv")


if __name__ == "__main__":
    main()
