"""Today is the service's day, in its time zone (Europe/London): `timezone.localdate()`. The
machine's `date.today()` is UTC on most servers, a day behind from midnight to 1 am in summer
(a school export at 00:30 left out the day's PEPs and alerts)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MACHINE_DAY = re.compile(r"date\.today\(\)|now\(\)\.date\(\)")
SKIPPED = {".venv", "node_modules", "var", "tests", "bench"}  # tests and benches set their days


def test_no_code_takes_the_machines_day():
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in ROOT.glob("*/**/*.py")
        if not SKIPPED & set(path.relative_to(ROOT).parts)
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if MACHINE_DAY.search(line)
    ]
    assert found == []
