"""The soak's browser side: signing in through the real form, and the figures it keeps.

A virtual user is a `requests.Session` holding the cookies of one real sign-in (password, then
the one-time code page), so it carries the session, CSRF cookie and MFA state a browser would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import requests

TOTP_PERIOD = 30  # allauth's default MFA_TOTP_PERIOD
TIMEOUT = 30.0  # seconds a request may take before it counts as an error
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Each role's main pages, fetched in turn by every virtual user of that role.
ROLE_PAGES = {
    "commissioner": [
        ("dashboard", "/"),
        ("placements list", "/placements/"),
        ("requests", "/placements/requests/"),
        ("savings", "/placements/savings/"),
        ("demand", "/placements/demand/"),
    ],
    "analyst": [
        ("benchmarks", "/outcomes/benchmarks/"),
        ("savings", "/placements/savings/"),
        ("reports", "/reports/"),
    ],
    "provider": [
        ("dashboard", "/"),
        ("provider invitations", "/placements/invitations/"),
        ("provider placements", "/placements/our-placements/"),
    ],
    "admin": [
        ("accreditation queue", "/dps/accreditation/"),
        ("DPS dashboard", "/dps/overview/"),
    ],
}
ROLE_USERS = {
    "commissioner": "commissioner.croydon@example.org",
    "analyst": "lead.analyst@example.org",
    "provider": "provider@example.org",
    "admin": "admin@example.org",
}


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238, as allauth computes it (SHA-1, 6 digits, 30-second period)."""
    counter = int(time.time() if at is None else at) // TOTP_PERIOD
    key = base64.b32decode(secret.encode("ascii"), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


class SignInFailed(RuntimeError):
    pass


def _csrf(response: requests.Response) -> str:
    match = CSRF_INPUT.search(response.text)
    if not match:
        raise SignInFailed(f"no CSRF token on {response.url} ({response.status_code})")
    return match.group(1)


def _post_form(session: requests.Session, url: str, data: dict) -> requests.Response:
    page = session.get(url, timeout=TIMEOUT)
    data = {"csrfmiddlewaretoken": _csrf(page), **data}
    return session.post(url, data=data, headers={"Referer": page.url}, timeout=TIMEOUT)


def sign_in(base_url: str, email: str, password: str, secret: str | None) -> requests.Session:
    """Sign in as a browser does: the sign-in form, then the one-time code page.

    allauth refuses a code already used in its period, so a refused code is retried once with
    the next period's code."""
    session = requests.Session()
    answer = _post_form(
        session, f"{base_url}/accounts/login/", {"login": email, "password": password}
    )
    for _attempt in range(3):
        if "/accounts/2fa/authenticate" not in answer.url:
            break
        if secret is None:
            raise SignInFailed(f"{email} was asked for a code and has no demo secret")
        if time.time() % TOTP_PERIOD > TOTP_PERIOD - 3:  # the code would expire in flight
            time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.5)
        code_page = answer
        answer = session.post(
            code_page.url,
            data={"csrfmiddlewaretoken": _csrf(code_page), "code": totp_code(secret)},
            headers={"Referer": code_page.url},
            timeout=TIMEOUT,
        )
        if "/accounts/2fa/authenticate" in answer.url:  # refused: wait for the next period
            time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.5)
    if answer.status_code != 200 or "/accounts/" in answer.url:
        raise SignInFailed(f"{email}: ended on {answer.url} ({answer.status_code})")
    return session


def clone_session(session: requests.Session) -> requests.Session:
    """A virtual user of its own (its own connection pool) holding one sign-in's cookies."""
    clone = requests.Session()
    clone.cookies.update(session.cookies)
    return clone


@dataclass
class Sample:
    at: float  # seconds since the run started
    page: str
    status: str  # "200", "503", or an exception's name
    seconds: float


@dataclass
class Recorder:
    """Every request's outcome, from many threads."""

    started: float = field(default_factory=time.monotonic)
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fetch(self, session: requests.Session, page: str, method: str, url: str, **kwargs):
        begun = time.monotonic()
        response = None
        try:
            response = session.request(
                method, url, timeout=TIMEOUT, allow_redirects=False, **kwargs
            )
            status = str(response.status_code)
        except requests.RequestException as error:
            status = type(error).__name__
        took = time.monotonic() - begun
        with self.lock:
            self.samples.append(Sample(begun - self.started, page, status, took))
        return response


def is_error(status: str) -> bool:
    return not (status.isdigit() and 200 <= int(status) < 400)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def page_table(samples: list[Sample], seconds: float) -> list[str]:
    """One line per page: requests, rate, statuses, errors, p50/p95/p99 in milliseconds."""
    by_page: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_page[sample.page].append(sample)
    lines = [
        f"{'page':<32} {'reqs':>6} {'req/s':>6} {'errors':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}  statuses"
    ]
    for page in sorted(by_page):
        rows = by_page[page]
        times = [row.seconds * 1000 for row in rows]
        statuses = Counter(row.status for row in rows)
        errors = sum(n for status, n in statuses.items() if is_error(status))
        lines.append(
            f"{page:<32} {len(rows):>6} {len(rows) / seconds:>6.1f} {errors:>6} "
            f"{percentile(times, 0.5):>7.0f} {percentile(times, 0.95):>7.0f} "
            f"{percentile(times, 0.99):>7.0f}  "
            + ", ".join(f"{s} x{n}" for s, n in sorted(statuses.items()))
        )
    return lines
