"""Write a synthetic SSDA903 return (CSV tables) of any size, shaped like the shared sample:
about 1.8 episodes, 5.8 reviews and one OC2 row per child, a few UASC and missing rows."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from common import ROOT  # noqa: F401 - puts the project on the import path

from children.importers.ssda903_read import TABLES

HEADERS = {
    "header": "Header",
    "episodes": "Episodes",
    "reviews": "Reviews",
    "oc2": "OC2",
    "uasc": "UASC",
    "missing": "Missing",
}
STATUSES = ["C1", "C2", "C2", "C2", "V2", "V2", "E1", "D1", "J1", "L1", "V3", "V4"]
PLACES = ["U1", "U2", "U3", "U4", "U5", "U6", "K2", "R1", "P1", "H5", "S1"]
ETHNIC = ["WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "AIND", "APKN", "BAFR", "BCRB", "OOTH"]


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def generate(folder: Path, children: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        n: (folder / f"{n}.csv").open("w", newline="")
        for n in ("header", "episodes", "reviews", "oc2", "uasc", "missing")
    }
    w = {n: csv.writer(f) for n, f in files.items()}
    for name, table in HEADERS.items():
        w[name].writerow(TABLES[table])
    end = date(2026, 3, 31)
    for n in range(children):
        _child(rng, w, str(100000 + n), end)
    for f in files.values():
        f.close()


def _child(rng, w, child: str, end: date) -> None:
    dob = end - timedelta(days=rng.randint(365, 18 * 365))
    sex = rng.choice("12")
    w["header"].writerow(
        [child, sex, _d(dob), rng.choice(ETHNIC), f"A{rng.randint(10**11, 10**12 - 1)}", "", ""]
    )
    start = max(dob + timedelta(days=1), end - timedelta(days=rng.randint(30, 5 * 365)))
    for i in range(rng.choice([1, 1, 2, 2, 3])):
        stop = start + timedelta(days=rng.randint(20, 400))
        last = stop >= end or rng.random() < 0.4
        w["episodes"].writerow(
            [
                child,
                _d(start),
                "S" if i == 0 else rng.choice("PLT"),
                rng.choice(STATUSES),
                f"N{rng.randint(1, 8)}",
                rng.choice(PLACES),
                f"PR{rng.randint(0, 4)}",
                "" if last else _d(stop),
                "" if last else "X1",
                "",
                "B1 1ZZ",
                "B2 2ZZ",
                "",
            ]
        )
        if last:
            break
        start = stop
    for k in range(rng.randint(3, 8)):
        w["reviews"].writerow(
            [child, _d(dob), _d(end - timedelta(days=60 * k + 1)), f"PN{rng.randint(0, 7)}"]
        )
    w["oc2"].writerow(
        [child, _d(dob), rng.randint(0, 40), "", *[rng.choice("01") for _ in range(8)]]
    )
    if rng.random() < 0.05:
        w["uasc"].writerow([child, sex, _d(dob), _d(dob + timedelta(days=18 * 365))])
    if rng.random() < 0.02:
        w["missing"].writerow([child, _d(dob), rng.choice("MA"), _d(end - timedelta(days=10)), ""])
