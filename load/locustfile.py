"""The realistic scenario: syndics and owners log in once (bearer token), then 70 % reads and 30 % writes, each
inside their own organisation, spread over every organisation of the load seed.

Syndics (four users in five) read the building list, a building, its lots, the owners, its expenses, an owner's
statement and the dashboard fragment (GET /buildings as htmx), and write: a new owner, a new lot, an expense, a
payment (reads 50 : writes 30). Owners (one in five) read their buildings, their building and their own statement.
Overall: 70 % reads, 30 % writes — the same shares as load/wrk/mixed.lua.

Environment: LOAD_SCENARIO (the JSON written by load/seed.py), LOAD_RATE (req/s for the whole test, 0 = closed
loop), LOAD_USERS (to split the rate), LOAD_WARMUP (seconds after spawning before the stats are reset),
LOAD_REPORT (where to write the summary as JSON). Run by `make bench`; by hand:
  LOAD_SCENARIO=var/bench/scenario.json locust -f load/locustfile.py --headless -u 20 -r 20 -t 40s --host …
"""
from __future__ import annotations

import itertools
import json
import os
import random
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import gevent
from locust import constant, constant_throughput, events, task
from locust.contrib.fasthttp import FastHttpUser

SCENARIO: dict[str, Any] = {}
RATE = float(os.environ.get("LOAD_RATE", "0"))
USERS = int(os.environ.get("LOAD_USERS", "20"))
_orgs = itertools.count()
_marks: dict[str, float] = {}
_logged_in: list[int] = []


def scenario() -> dict[str, Any]:
    """The seeded accounts and ids (read once)."""
    if not SCENARIO:
        SCENARIO.update(json.loads(Path(os.environ.get("LOAD_SCENARIO", "var/bench/scenario.json")).read_text()))
    return SCENARIO


def _wait():  # type: ignore[no-untyped-def]
    return constant_throughput(RATE / USERS) if RATE > 0 else constant(0)


class _Tenant(FastHttpUser):
    abstract = True
    wait_time = _wait()
    password = ""

    def on_start(self) -> None:
        orgs = scenario()["organizations"]
        self.org = orgs[next(_orgs) % len(orgs)]
        self.account = self.pick_account()
        r = self.client.post("/api/v1/auth/login", json={"email": self.account["email"],
                                                          "password": scenario()["password"]},
                             name="POST /api/v1/auth/login")
        self.auth = {"Authorization": f"Bearer {r.json()['token']}"}
        _logged_in.append(1)
        if len(_logged_in) == USERS:  # everyone is in: measure from the end of the warm-up on
            gevent.spawn_later(float(os.environ.get("LOAD_WARMUP", "5")), _reset, self.environment)

    def pick_account(self) -> dict[str, Any]:
        raise NotImplementedError

    def get(self, path: str, name: str, **headers: str) -> None:
        self.client.get(path, headers={**self.auth, **headers}, name=name)

    def post(self, path: str, body: dict[str, Any], name: str) -> None:
        self.client.post(path, json=body, headers=self.auth, name=name)


class Syndic(_Tenant):
    """A syndic at work in their organisation's buildings."""
    weight = 4

    def pick_account(self) -> dict[str, Any]:
        return random.choice(self.org["syndics"])

    def building(self) -> dict[str, Any]:
        return random.choice(self.org["buildings"])

    @task(8)
    def buildings(self) -> None:
        self.get("/api/v1/buildings", "GET /api/v1/buildings")

    @task(7)
    def one_building(self) -> None:
        self.get(f"/api/v1/buildings/{self.building()['id']}", "GET /api/v1/buildings/{id}")

    @task(7)
    def lots(self) -> None:
        self.get(f"/api/v1/buildings/{self.building()['id']}/units", "GET /api/v1/buildings/{id}/units")

    @task(7)
    def owners(self) -> None:
        self.get("/api/v1/owners", "GET /api/v1/owners")

    @task(7)
    def expenses(self) -> None:
        self.get(f"/api/v1/buildings/{self.building()['id']}/expenses", "GET /api/v1/buildings/{id}/expenses")

    @task(7)
    def statement(self) -> None:
        b = self.building()
        self.get(f"/api/v1/owners/{random.choice(b['owners'])}/statement?building={b['id']}",
                 "GET /api/v1/owners/{id}/statement")

    @task(7)
    def dashboard_fragment(self) -> None:
        self.get("/buildings", "GET /buildings (htmx fragment)", **{"HX-Request": "true"})

    @task(8)
    def new_owner(self) -> None:
        u = uuid.uuid4().hex[:12]
        self.post("/api/v1/owners", {"first_name": "Charge", "last_name": f"Test {u}",
                                     "email": f"load-{u}@example.be"}, "POST /api/v1/owners")

    @task(7)
    def new_lot(self) -> None:
        self.post("/api/v1/units", {"building_id": self.building()["id"], "unit_number": f"C{uuid.uuid4().hex[:12]}",
                                    "unit_type": "storage", "quota": 1, "floor": 0}, "POST /api/v1/units")

    @task(8)
    def new_expense(self) -> None:
        b = self.building()
        self.post("/api/v1/expenses", {"building_id": b["id"], "category": "maintenance",
                                       "description": "Entretien des communs",
                                       "amount_excl_vat": f"{random.randint(50, 900)}.{random.randint(0, 99):02d}",
                                       "vat_rate": b["vat_rate"], "invoice_date": date.today().isoformat()},
                  "POST /api/v1/expenses")

    @task(7)
    def payment(self) -> None:
        b = self.building()
        self.post(f"/api/v1/buildings/{b['id']}/payments",
                  {"owner_id": random.choice(b["owners"]), "amount": f"{random.randint(20, 400)}.00",
                   "paid_on": date.today().isoformat(), "reference": "Virement"},
                  "POST /api/v1/buildings/{id}/payments")


class Owner(_Tenant):
    """A co-owner looking at their own building and account."""
    weight = 1

    def pick_account(self) -> dict[str, Any]:
        return random.choice(self.org["owner_users"])

    @task(1)
    def buildings(self) -> None:
        self.get("/api/v1/buildings", "GET /api/v1/buildings (owner)")

    @task(1)
    def my_building(self) -> None:
        self.get(f"/api/v1/buildings/{self.account['building_id']}", "GET /api/v1/buildings/{id} (owner)")

    @task(1)
    def my_statement(self) -> None:
        a = self.account
        self.get(f"/api/v1/owners/{a['owner_id']}/statement?building={a['building_id']}",
                 "GET /api/v1/owners/{id}/statement (owner)")


def _reset(environment: Any) -> None:
    environment.stats.reset_all()
    _marks["reset"] = time.time()


@events.quitting.add_listener
def _report(environment: Any, **_kw: Any) -> None:
    path = os.environ.get("LOAD_REPORT")
    if not path:
        return
    end = time.time()
    start = _marks.get("reset", environment.stats.total.start_time)
    total = environment.stats.total
    errors = {f"{e.method} {e.name}: {e.error}"[:200]: e.occurrences for e in environment.stats.errors.values()}
    Path(path).write_text(json.dumps({
        "requests": total.num_requests, "errors": total.num_failures, "rps": total.num_requests / (end - start),
        "p50": total.get_response_time_percentile(0.5), "p90": total.get_response_time_percentile(0.9),
        "p99": total.get_response_time_percentile(0.99), "max": total.max_response_time,
        "window": [start, end], "error_kinds": errors,
        "by_request": {name: {"requests": s.num_requests, "failures": s.num_failures,
                              "p50": s.get_response_time_percentile(0.5), "p99": s.get_response_time_percentile(0.99)}
                       for (name, _method), s in environment.stats.entries.items()}}))
