"""The roll page with 2,500 children on the roll: queries per request for several page sizes
(should not grow), and server time with and without filters (median of repeated requests).

Target (issue 3): a constant number of queries whatever the page size; under 300 ms with
filters."""

import statistics
import time
from datetime import date

from common import report, scratch_database

REPEATS = 15


def main() -> None:
    with scratch_database() as (vendor, _):
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from accounts.models import User
        from children.models import Child
        from demo.builder import demo_build

        demo_build(la_code="330", children=3100, seed=1, as_of=date.today())
        on_roll = Child.objects.on_roll(date.today()).count()
        client = Client()
        client.force_login(User.objects.get(email="virtual-school-head.330@demo.invalid"))
        client.get("/children/")  # warm caches and session
        rows = [("children on the roll", f"{on_roll:,}", "target 2,500")]
        queries = {}
        for size in (25, 50, 100, 200):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(f"/children/?per_page={size}").status_code == 200
            queries[size] = len(ctx.captured_queries)
            rows.append((f"queries, page size {size}", str(queries[size]), ""))
        rows.append(
            ("queries constant across page sizes", str(len(set(queries.values())) == 1), "")
        )
        for label, url in [
            ("no filters, 50 a page", "/children/"),
            (
                "filters: KS4, in LA, C2, sorted by DOB",
                "/children/?key_stage=KS4&location=in&legal_status=C2&sort=dob",
            ),
            ("search by name", "/children/?q=Smith"),
        ]:
            median = _median_ms(client, url)
            rows.append((label, f"{median:.0f} ms", f"target < 300 ms: ratio {median / 300:.2f}"))
    report(f"Roll page on {vendor}", rows)


def _median_ms(client, url: str) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    main()
