"""Reliability under concurrency: N responses submitted by C concurrent clients against a running server.

Each client is a thread with its own cookies; each submission is a full visit: GET the response form
(CSRF cookie and token), then POST valid answers with a fresh idempotency key. PASS when exactly N new
responses are stored for the consultation, no request got a server error (HTTP 5xx) or failed to
connect, and the N redirects named N distinct references that are all in the database.

bench/run.py calls this once per database (SQLite, and PostgreSQL when available) with the
environment of the gunicorn it runs. To run it by hand against a server started with the bench
settings on the same database:

    DJANGO_SETTINGS_MODULE=forum_site.settings.bench [DATABASE_URL=...] \\
        .venv/bin/python bench/concurrency.py --base-url http://127.0.0.1:8000

It prints one line and exits 0 on PASS, 1 on FAIL, 2 if it could not run.
"""

from __future__ import annotations

import argparse
import collections
import os
import queue
import secrets
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)

from bench import fixtures  # noqa: E402

RESPONSES = 500
CLIENTS = 20
DEADLINE_S = 300  # the whole run; each request also times out after fixtures.HTTP_TIMEOUT_S


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.submitted = 0
        self.references: list[str] = []
        self.statuses: collections.Counter[str] = collections.Counter()
        self.server_errors = 0
        self.transport_errors = 0
        self.problems: collections.Counter[str] = collections.Counter()

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems[text] += 1


def client(
    host: str, port: int, form: list[tuple[str, str]], jobs: queue.Queue[int], tally: Tally, deadline: float
) -> None:
    """One visitor submitting until the jobs run out (or the deadline passes)."""
    browser = fixtures.Browser(host, port)
    while time.monotonic() < deadline:
        try:
            jobs.get_nowait()
        except queue.Empty:
            return
        try:
            page = browser.request("GET", fixtures.RESPOND_PATH)
            with tally.lock:
                tally.statuses[f"GET {page.status}"] += 1
                tally.server_errors += page.status >= 500
            token = fixtures.csrf_token(page.body) if page.status == 200 else None
            # The key is the form's own: it is signed for this browser, and a made-up one is refused.
            key = fixtures.idempotency_key(page.body) if page.status == 200 else None
            if not token or not key:
                tally.problem(f"GET form answered {page.status} without a CSRF token and idempotency key")
                continue
            data = [
                ("csrfmiddlewaretoken", token),
                ("idempotency_key", key),
                *form,
            ]
            with tally.lock:
                tally.submitted += 1
            result = browser.request("POST", fixtures.RESPOND_PATH, data)
            reference = fixtures.reference_from(result)
            with tally.lock:
                tally.statuses[f"POST {result.status}"] += 1
                tally.server_errors += result.status >= 500
                if reference:
                    tally.references.append(reference)
            if reference is None:
                tally.problem(f"POST answered {result.status} (Location {result.header('Location')!r})")
        except OSError as error:  # refused, reset, timed out
            with tally.lock:
                tally.transport_errors += 1
            tally.problem(f"{type(error).__name__}: {error}")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum_site.settings.bench")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    import django

    django.setup()


def run(base_url: str, responses: int, clients: int) -> tuple[bool, str]:
    from django.db import connection

    from consultations.models import Response

    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost") or not parts.port:
        raise fixtures.FixtureError(f"--base-url must be http://127.0.0.1:PORT (loopback), not {base_url!r}.")
    page = fixtures.consultation()
    form = fixtures.answer_fields(page)
    database = connection.vendor
    before = Response.objects.filter(consultation=page).count()
    connection.close()  # the threads only speak HTTP

    jobs: queue.Queue[int] = queue.Queue()
    for number in range(responses):
        jobs.put(number)
    tally = Tally()
    started = time.monotonic()
    deadline = started + DEADLINE_S
    threads = [
        threading.Thread(target=client, args=(parts.hostname, parts.port, form, jobs, tally, deadline), daemon=True)
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + fixtures.HTTP_TIMEOUT_S * 2 + 5)
    elapsed = time.monotonic() - started
    hung = sum(thread.is_alive() for thread in threads)

    stored = Response.objects.filter(consultation=page).count() - before
    distinct = set(tally.references)
    in_database = Response.objects.filter(consultation=page, reference__in=distinct).count() if distinct else 0
    passed = (
        hung == 0
        and tally.submitted == responses
        and stored == responses
        and tally.server_errors == 0
        and tally.transport_errors == 0
        and len(distinct) == responses
        and in_database == responses
    )
    line = (
        f"reliability ({database}): {tally.submitted} submitted by {clients} clients, {stored} stored, "
        f"{tally.server_errors} server errors, {len(distinct)} distinct references: {'PASS' if passed else 'FAIL'}"
        f" ({elapsed:.1f}s)"
    )
    if not passed:
        details = [f"{count} x {text}" for text, count in tally.problems.most_common(5)]
        if tally.transport_errors:
            details.insert(0, f"{tally.transport_errors} connection errors")
        if in_database != len(distinct):
            details.append(f"only {in_database} of the {len(distinct)} references are in the database")
        if hung:
            details.append(f"{hung} clients still running at the deadline")
        if tally.submitted != responses:
            details.append(f"{responses - tally.submitted} submissions never sent")
        line += "\n  " + "; ".join(details or ["see the counts above"])
    return passed, line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="the server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--responses", type=int, default=RESPONSES, help=f"submissions in all (default {RESPONSES})")
    parser.add_argument("--clients", type=int, default=CLIENTS, help=f"concurrent clients (default {CLIENTS})")
    args = parser.parse_args()
    responses = max(1, min(args.responses, 5000))
    clients = max(1, min(args.clients, 100))
    try:
        setup_django()
        passed, line = run(args.base_url, responses, clients)
    except fixtures.FixtureError as error:
        print(f"reliability: could not run: {error}", flush=True)
        return 2
    print(line, flush=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
