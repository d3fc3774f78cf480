"""Writes Lessons/data/co2-monthly.csv and its provenance note co2-monthly.md.

The series of lesson 06: monthly means of the weekly Mauna Loa CO2 record
(Keeling and Whorf, Scripps Institution of Oceanography; public domain) that
statsmodels carries as `statsmodels.datasets.co2`, January 1959 to December 2001.

    python3 -m venv /tmp/realdata-venv
    /tmp/realdata-venv/bin/pip install statsmodels pandas numpy
    /tmp/realdata-venv/bin/python tools/make-real-series.py     # writes both files
    /tmp/realdata-venv/bin/python tools/make-real-series.py --check   # exit 1 unless they are as committed

How a month's value is made:
- every weekly value (statsmodels labels each week by its last day, a Saturday)
  counts in the month of that day; the month's value is the mean of its weekly
  values that are not missing;
- the series starts in January 1959 so that it holds whole years: 1958 began in
  March and had two months without any weekly value (June and October);
- a month without any weekly value (February to April 1964, when the record
  has a gap) gets the mean of the same month one year before and one year after,
  which keeps both the seasonal cycle and the trend; the CSV marks it in the
  column `filled` (1) so nobody mistakes it for a measurement.

The output is deterministic: values are rounded to three decimals (the weekly
values have one) and written in a fixed format. Running the script again
rewrites both files byte for byte.
"""
import os
import sys

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm

NAME = "co2-monthly"
FIRST_MONTH = "1959-01"
LAST_MONTH = "2001-12"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "Lessons", "data")


def monthly_series():
    """The monthly means as a pandas Series indexed by month start, and the months filled."""
    weekly = sm.datasets.co2.load_pandas().data["co2"]
    monthly = weekly.resample("MS").mean().loc[FIRST_MONTH:LAST_MONTH].copy()
    missing = monthly.index[monthly.isna()]
    filled = []
    for month in missing:
        before = month - pd.DateOffset(years=1)
        after = month + pd.DateOffset(years=1)
        neighbours = [monthly.get(before, np.nan), monthly.get(after, np.nan)]
        if any(np.isnan(v) for v in neighbours):
            sys.exit(f"{month:%Y-%m} has no value and no value one year before and after to fill it with")
        monthly[month] = float(np.mean(neighbours))
        filled.append(month)
    return monthly, filled


def weeks_per_month(first, last):
    """How many weekly values each month of the range has (missing weeks not counted)."""
    weekly = sm.datasets.co2.load_pandas().data["co2"]
    return weekly.resample("MS").count().loc[first:last]


def csv_text(monthly, filled):
    """year,month,co2,filled: one row per month, co2 in ppmv with three decimals."""
    lines = ["year,month,co2,filled"]
    for month, value in monthly.items():
        lines.append(f"{month.year},{month.month},{value:.3f},{1 if month in filled else 0}")
    return "\n".join(lines) + "\n"


def note_text(monthly, filled):
    counts = weeks_per_month(FIRST_MONTH, LAST_MONTH)
    present = counts[counts > 0]
    mod = sm.datasets.co2
    source = " ".join(mod.SOURCE.split())
    filled_text = ", ".join(f"{m:%Y-%m}" for m in filled) or "none"
    text = f"""# {NAME}.csv: monthly mean CO2 at Mauna Loa, 1959–2001

Made by `tools/make-real-series.py` (run from the repository's root with
statsmodels {statsmodels.__version__}, pandas {pd.__version__}, numpy {np.__version__}); do not edit by hand.

## Source and licence

The weekly Mauna Loa CO2 record of C. D. Keeling and T. P. Whorf (Scripps
Institution of Oceanography), as shipped in the Python package statsmodels
(`statsmodels.datasets.co2`, file `statsmodels/datasets/co2/co2.csv`). The
package's dataset module states:

- licence (`COPYRIGHT`): "{mod.COPYRIGHT}"
- source (`SOURCE`): "{source}"

The data were published by the Carbon Dioxide Information Analysis Center
(CDIAC, Oak Ridge National Laboratory, U.S. Department of Energy). Being in the
public domain, they carry no non-commercial or other restriction. The usual
courtesy is to cite the source as statsmodels does:

> Keeling, C.D. and T.P. Whorf. 2004. Atmospheric CO2 concentrations derived
> from flask air samples at sites in the SIO network. In Trends: A Compendium of
> Data on Global Change. Carbon Dioxide Information Analysis Center, Oak Ridge
> National Laboratory, U.S. Department of Energy, Oak Ridge, Tennessee, U.S.A.

(statsmodels' description of the same data set, `DESCRLONG`, calls it the record
of continuous air samples at Mauna Loa; its weekly values run from March 1958 to
December 2001.)

## What the file holds

{len(monthly)} rows, one per month from {FIRST_MONTH} to {LAST_MONTH} ({len(monthly) // 12} whole years),
under the header `year,month,co2,filled`:

| column | meaning |
| --- | --- |
| `year`, `month` | the calendar month (month 1–12) |
| `co2` | mean CO2 concentration that month in ppmv (parts per million by volume, the source's unit), three decimals; from {monthly.min():.3f} to {monthly.max():.3f} |
| `filled` | 1 where the record has no weekly value that month and `co2` was filled in (see below), else 0 |

## How it was made

1. statsmodels labels each weekly value by the week's last day (a Saturday);
   every weekly value counts in the month of that day.
2. A month's value is the mean of its weekly values that are not missing
   ({int(present.min())} to {int(present.max())} weekly values per month, {present.mean():.2f} on average).
3. The series starts in January 1959: the record began in March 1958 and has
   no value for June and October 1958, so 1958 is left out and the file holds
   whole years.
4. Months without any weekly value ({filled_text}: a gap in the record)
   get the mean of the same month one year before and one year after, which
   keeps the seasonal cycle and the trend. They lie far before any holdout a
   lesson uses.
5. Values are rounded to three decimals; running the script again gives the same bytes
   (`--check` verifies that the committed files are what it makes).
"""
    return text


def main():
    check = sys.argv[1:] == ["--check"]
    if sys.argv[1:] and not check:
        sys.exit("usage: make-real-series.py [--check]")
    monthly, filled = monthly_series()
    if len(monthly) % 12 != 0 or monthly.isna().any():
        sys.exit("the monthly series must hold whole years without gaps")
    files = {os.path.join(DATA, NAME + ".csv"): csv_text(monthly, filled),
             os.path.join(DATA, NAME + ".md"): note_text(monthly, filled)}
    if check:
        # The committed files must be exactly what this script makes (with the same statsmodels).
        stale = []
        for path, text in files.items():
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    same = f.read() == text
            except FileNotFoundError:
                same = False
            if not same:
                stale.append(os.path.relpath(path, ROOT))
        if stale:
            sys.exit("differs from what the script makes: " + ", ".join(stale) + "; run it without --check")
        print(f"{', '.join(os.path.relpath(p, ROOT) for p in files)}: as the script makes them")
        return
    os.makedirs(DATA, exist_ok=True)
    for path, text in files.items():
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(f"wrote {', '.join(os.path.relpath(p, ROOT) for p in files)} ({len(monthly)} months, {len(filled)} filled)")


if __name__ == "__main__":
    main()
