"""The load test's users (run by loadtest.py): each signs in as a role with a session made for
it, then opens the pages of that role's day, with a short pause between pages."""

import json
import os
import random

from locust import HttpUser, between, task

SESSIONS = json.loads(os.environ["LOADTEST_SESSIONS"])  # [[cookie name, value, role, pages]]
# Seconds a person spends on a page before the next (reading, typing, a phone call: 5 to 15).
LOW, HIGH = (float(n) for n in os.environ.get("LOADTEST_WAIT", "5,15").split(","))


class Person(HttpUser):
    wait_time = between(LOW, HIGH)

    def on_start(self):
        name, value, self.role, self.pages = SESSIONS[random.randrange(len(SESSIONS))]
        self.client.cookies.set(name, value)

    @task
    def open_a_page(self):
        path = random.choice(self.pages)
        with self.client.get(path, name=f"{self.role} {path}", catch_response=True) as response:
            if response.status_code != 200 or response.url.rstrip("/").endswith("/login"):
                response.failure(f"{response.status_code} at {response.url}")
