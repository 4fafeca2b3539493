"""Soak: virtual users drive each role's main pages against the portal as operators run it.

It starts gunicorn against PostgreSQL, a Celery worker (and beat with --beat) and a broker of its
own (bench/soak_stack.py), signs one demo user per role in through the real sign-in form and
one-time code page, and gives each virtual user its own session holding that sign-in's cookies
(allauth refuses a one-time code used twice in its period). For --seconds, --users virtual users
fetch their role's pages back to back, `/healthz/ready` is polled every second, and the consortium
admin invites a member of staff, waiting --invite-every seconds between invitations: a side
effect whose email a Celery worker sends. It prints requests a second, errors and p50/p95/p99
per page, the health answers, and whether every invitation's email arrived exactly once.

Scenarios (--scenario): steady; worker-kill (the worker is killed with SIGKILL at --fault-at
seconds and restarted --down seconds later); broker-stop (the broker's Redis is shut down at
--fault-at for --down seconds, 30 by default, then started again).

    .venv/bin/python bench/soak.py --users 10 --seconds 45 --scenario broker-stop

With --base-url the portal is not started (steady only); the demo users' secrets are then read
with manage.py in this shell's environment, which must be the server's (DATABASE_URL, SECRET_KEY).
"""

from __future__ import annotations

import argparse
import itertools
import os
import threading
import time
import uuid
from collections import Counter

import requests
from soak_client import (
    ROLE_PAGES,
    ROLE_USERS,
    Recorder,
    clone_session,
    is_error,
    page_table,
    sign_in,
)
from soak_stack import DEMO_PASSWORD, Stack

INVITE_PAGE = "POST /users/invite/ (needs broker)"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--scenario", choices=["steady", "worker-kill", "broker-stop"], default="steady"
    )
    parser.add_argument("--fault-at", type=float, default=10.0, help="seconds into the run")
    parser.add_argument(
        "--down", type=float, default=None, help="seconds the worker or broker is away"
    )
    parser.add_argument(
        "--invite-every",
        type=float,
        default=None,
        help="seconds between staff invitations (2; 0: none, the default with --base-url)",
    )
    parser.add_argument(
        "--drain", type=float, default=90.0, help="seconds to wait for emails after"
    )
    parser.add_argument("--base-url", default="")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--broker-port", type=int, default=6392)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--database", default="soak")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--beat", action="store_true", help="run Celery beat too")
    parser.add_argument(
        "--skip-prepare", action="store_true", help="the database is migrated and seeded already"
    )
    args = parser.parse_args()
    if args.down is None:
        args.down = 30.0 if args.scenario == "broker-stop" else 10.0
    if args.invite_every is None:
        args.invite_every = 0.0 if args.base_url else 2.0
    if args.base_url and args.scenario != "steady":
        parser.error("faults need the stack this script starts: leave out --base-url")
    return args


class Run:
    def __init__(self, args: argparse.Namespace, stack: Stack, base_url: str):
        self.args = args
        self.stack = stack
        self.base_url = base_url
        self.recorder = Recorder()
        self.stop = threading.Event()
        self.health: list[tuple[float, str]] = []
        self.events: list[tuple[float, str]] = []
        self.fault_window: tuple[float, float] | None = None
        self.elapsed = 0.0  # seconds the load ran
        self.prefix = f"soak-{uuid.uuid4().hex[:8]}-"
        self.invites: list[tuple[float, str, str, float]] = []  # at, email, status, seconds

    def now(self) -> float:
        return time.monotonic() - self.recorder.started

    def event(self, text: str) -> None:
        self.events.append((self.now(), text))
        print(f"  {self.now():6.1f}s  {text}", flush=True)

    # --- the load ------------------------------------------------------------------------------
    def virtual_user(self, session: requests.Session, role: str) -> None:
        for name, path in itertools.cycle(ROLE_PAGES[role]):
            if self.stop.is_set():
                return
            self.recorder.fetch(session, f"{role}: {name}", "GET", self.base_url + path)

    def poll_health(self) -> None:
        """GET /healthz/ready every second (timed with the pages), noting each change."""
        session = requests.Session()
        while not self.stop.wait(max(0.0, 1.0 - self.now() % 1.0)):
            answer = self.recorder.fetch(
                session, "healthz/ready", "GET", f"{self.base_url}/healthz/ready"
            )
            try:
                body = answer.json() if answer is not None else {}
            except ValueError:
                body = {}
            checks = ", ".join(f"{k} {body.get(k)}" for k in ("database", "cache", "broker"))
            state = "no answer (see the healthz/ready row)"
            if answer is not None:
                state = f"{answer.status_code} {body.get('status')}: {checks}"
            exited = self.stack.restart_dead_worker()
            if exited is not None:
                self.event(f"Celery worker exited by itself (code {exited}); started again")
            if not self.health or self.health[-1][1] != state:
                self.event(f"healthz: {state}")
            self.health.append((self.now(), state))

    def invite_staff(self, session: requests.Session) -> None:
        """The consortium admin invites staff: a committed row, then an email sent by Celery."""
        for n in itertools.count(1):
            if self.stop.wait(self.args.invite_every):
                return
            form = self.recorder.fetch(
                session, "admin: invite form", "GET", f"{self.base_url}/users/invite/"
            )
            token = (
                form is not None
                and form.status_code == 200
                and form.text.split('name="csrfmiddlewaretoken" value="', 1)
            )
            if not token or len(token) < 2:
                continue
            data = {
                "csrfmiddlewaretoken": token[1].split('"', 1)[0],
                "email": f"{self.prefix}{n}@example.org",
                "borough": "E09000008",
                "role": "commissioner",
            }
            begun, email = self.now(), data["email"]
            answer = self.recorder.fetch(
                session,
                INVITE_PAGE,
                "POST",
                f"{self.base_url}/users/invite/",
                data=data,
                headers={"Referer": f"{self.base_url}/users/invite/"},
            )
            status = str(answer.status_code) if answer is not None else "no answer"
            self.invites.append((begun, email, status, self.now() - begun))

    def fault(self) -> None:
        args = self.args
        if args.scenario == "steady" or self.stop.wait(args.fault_at):
            return
        begun = self.now()
        if args.scenario == "worker-kill":
            self.stack.kill_worker()
            self.event("Celery worker killed (SIGKILL to its process group)")
        else:
            self.stack.stop_broker()
            self.event(f"broker stopped (redis-server :{args.broker_port} shut down)")
        time.sleep(args.down)
        if args.scenario == "worker-kill":
            self.stack.start_worker()
            self.event("Celery worker started again")
        else:
            self.stack.start_broker()
            self.event("broker started again")
        self.fault_window = (begun, self.now())

    # --- the run -------------------------------------------------------------------------------
    def sign_in_roles(self) -> dict[str, requests.Session]:
        emails = list(ROLE_USERS.values())
        secrets = self.stack.demo_secrets(emails)
        sessions = {}
        for role, email in ROLE_USERS.items():
            begun = time.monotonic()
            sessions[role] = sign_in(self.base_url, email, DEMO_PASSWORD, secrets.get(email))
            print(
                f"  signed in {role:<13} {email:<36} {time.monotonic() - begun:5.1f}s", flush=True
            )
        return sessions

    def go(self) -> None:
        sessions = self.sign_in_roles()
        roles = [list(ROLE_PAGES)[i % len(ROLE_PAGES)] for i in range(self.args.users)]
        self.recorder = Recorder()  # the clock starts with the load
        threads = [
            threading.Thread(target=self.virtual_user, args=(clone_session(sessions[r]), r))
            for r in roles
        ]
        threads.append(threading.Thread(target=self.poll_health))
        if self.args.invite_every > 0:
            threads.append(
                threading.Thread(target=self.invite_staff, args=(clone_session(sessions["admin"]),))
            )
        fault = threading.Thread(target=self.fault)
        for thread in [*threads, fault]:
            thread.start()
        fault.join()
        self.stop.wait(max(0.0, self.args.seconds - self.now()))
        self.elapsed = self.now()
        self.stop.set()
        for thread in threads:
            thread.join()

    # --- the figures ---------------------------------------------------------------------------
    def report(self) -> None:
        samples = self.recorder.samples
        seconds = self.elapsed
        errors = Counter(s.status for s in samples if is_error(s.status))
        print(
            f"\n== {self.args.scenario}: {self.args.users} virtual users, {seconds:.0f} s, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"{len(samples)} requests, {len(samples) / seconds:.1f} a second; errors: "
            + (", ".join(f"{s} x{n}" for s, n in errors.most_common()) or "none")
        )
        print("\n".join(page_table(samples, seconds)))
        if self.fault_window:
            self.report_window(*self.fault_window)
        print("\nhealthz/ready answers (polled every second):")
        for state, n in Counter(state for _, state in self.health).most_common():
            print(f"  {n:>4}  x {state}")
        print("\nevents:")
        for at, text in self.events:
            print(f"  {at:6.1f}s  {text}")

    def report_window(self, begun: float, ended: float) -> None:
        """Pages that do not need the broker (every GET), during the fault and in the whole run;
        then the invitations, which do."""
        not_pages = (INVITE_PAGE, "healthz/ready")
        for label, low, high in (("during the fault", begun, ended), ("whole run", 0, 1e9)):
            rows = [s for s in self.recorder.samples if low <= s.at < high]
            pages = [s for s in rows if s.page not in not_pages]
            bad = Counter(f"{s.page} {s.status}" for s in pages if is_error(s.status))
            slowest = max((s.seconds for s in pages), default=0)
            print(
                f"\n{label} ({low:.0f}-{min(high, self.elapsed):.0f} s), pages that do not need "
                f"the broker: {len(pages)} requests, {sum(bad.values())} errors"
                + (": " + ", ".join(f"{k} x{n}" for k, n in bad.items()) if bad else "")
                + f"; slowest {slowest:.1f}s"
            )
        during = [s for s in self.recorder.samples if begun <= s.at < ended]
        invites = [s for s in during if s.page == INVITE_PAGE]
        if invites:
            statuses = dict(Counter(s.status for s in invites))
            slow = max(s.seconds for s in invites)
            print(f"invitations posted during the fault: {statuses}, slowest {slow:.1f}s")

    def report_side_effects(self) -> None:
        if self.args.invite_every <= 0:
            return
        posted = Counter(s.status for s in self.recorder.samples if s.page == INVITE_PAGE)
        invited = set(self.stack.invited(self.prefix))
        deadline = time.monotonic() + self.args.drain
        delivered = self.stack.delivered(self.prefix)
        while set(delivered) < invited and time.monotonic() < deadline:
            time.sleep(2)
            if self.stack.restart_dead_worker() is not None:
                print("  (the Celery worker had exited; started again)")
            delivered = self.stack.delivered(self.prefix)
        waited = self.args.drain - max(0.0, deadline - time.monotonic())
        missing = invited - set(delivered)
        twice = {e: n for e, n in delivered.items() if n > 1}
        print(
            f"\nside effects (staff invitations): posted {sum(posted.values())} ({dict(posted)}), "
            f"rows committed {len(invited)}, emails delivered {sum(delivered.values())} "
            f"to {len(delivered)} addresses (waited {waited:.0f}s after the run)"
        )
        print(f"  never delivered: {len(missing)}; delivered more than once: {len(twice)}")
        for at, email, status, took in self.invites:
            print(
                f"  {at:5.1f}s answered {status} in {took:.1f}s; row committed: "
                f"{'yes' if email in invited else 'no'}; emails: {delivered.get(email, 0)}"
            )
        outbox = self.stack.outbox()
        if outbox is not None:
            print(f"  outbox rows by status: {dict(outbox)}")


def main() -> None:
    args = parse_args()
    stack = Stack(
        port=args.port,
        broker_port=args.broker_port,
        cache_url=args.cache_url,
        database=args.database,
        beat=args.beat,
        external=bool(args.base_url),
    )
    try:
        if not args.base_url:
            if not args.skip_prepare:
                stack.prepare()
            stack.start(web_workers=args.web_workers)
        run = Run(args, stack, args.base_url.rstrip("/") or stack.base_url)
        run.go()
        run.report()
        if not args.base_url:
            run.report_side_effects()
    finally:
        if not args.base_url:
            stack.stop()


if __name__ == "__main__":
    main()
