"""`make bench`: throughput and latency of each page under gunicorn, relative to a bare Django view.

Prepares a throwaway database with the demo content, starts gunicorn (2 workers) on loopback
with forum_site.settings.bench, then runs wrk on the bare view and on each page in turn, so
that every page run sits between two bare runs. Then checks that concurrent submissions of the
consultation response form are all stored (bench/concurrency.py), on SQLite and, when a
PostgreSQL server is available, on PostgreSQL. Last, "while Redis is down": the home page, the
consultation page (anonymous, signed in) and its submit again, under a gunicorn whose cache Redis is up,
stopped (nothing listens) or hung (a socket that never answers). See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / "bench" / ".run"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SETTINGS = "forum_site.settings.bench"
BARE = ("bare Django view", "/__bench__/bare/")

# Run as `python bench/run.py`: make the project importable instead of bench/ itself.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)

from bench import concurrency, fixtures  # noqa: E402  (neither imports Django at import time)


@dataclass(frozen=True)
class Target:
    """PASS when the page's `x bare` is at least min_ratio (and its queries at most max_queries)."""

    min_ratio: float
    max_queries: int | None = None

    def passed(self, ratio: float, queries: int) -> bool:
        return ratio >= self.min_ratio and (self.max_queries is None or queries <= self.max_queries)

    def __str__(self) -> str:
        text = f">={self.min_ratio:g}x"
        return text if self.max_queries is None else f"{text} <={self.max_queries}q"


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    target: Target | None = None
    signed_in: bool = False  # wrk and the query count send a demo user's session cookie (`user`)
    submit: bool = False  # POST valid answers to `path`, a fresh idempotency key each time, instead of GET
    user: str = fixtures.PARENT_EMAIL  # the demo account a signed_in row signs in as


# The pages under test. Add a row here to benchmark another page (see docs/benchmarks.md).
PAGES: list[Page] = [
    Page("home page", "/"),
    Page("standard page", "/about/"),
    # The consultations issue's targets: anonymous GETs come from the anonymous page cache after the first.
    Page("consultation page (15 questions), anonymous", fixtures.CONSULTATION_PATH, Target(0.25)),
    Page("same page, signed in", fixtures.CONSULTATION_PATH, Target(0.05, max_queries=8), signed_in=True),
    Page("submit a valid response", fixtures.RESPOND_PATH, Target(0.03), submit=True),
    # The tracker issue's targets: 500 recommendations across 20 reviews (bench/fixtures.py tracker_load).
    Page("recommendations list (500 in 20 reviews), filtered, anonymous", fixtures.TRACKER_LIST_PATH, Target(0.25)),
    Page(
        "same list, signed in as a scrutiny member",
        fixtures.TRACKER_LIST_PATH,
        Target(0.05),
        signed_in=True,
        user=fixtures.SCRUTINY_EMAIL,
    ),
    # The forum issue's targets: a topic page with 200 replies (bench/fixtures.py forum_load).
    Page("topic page (200 replies), anonymous", fixtures.FORUM_TOPIC_PATH, Target(0.25)),
    Page("same topic, signed in", fixtures.FORUM_TOPIC_PATH, Target(0.05), signed_in=True),
]

WORKERS = 2
WRK_THREADS = 2
WRK_CONNECTIONS = 8
WRK_TIMEOUT_S = 5
WARMUP_S = 1
START_TIMEOUT_S = 30
PREPARE_TIMEOUT_S = 300
POSTGRES_HOST, POSTGRES_PORT = "127.0.0.1", "5432"
PSQL_TIMEOUT_S = 30
SUBMIT_SCRIPT = RUN_DIR / "submit.lua"
SUBMIT_KEYS = RUN_DIR / "submit-keys.txt"
# The form only accepts idempotency keys it signed for the browser (consultations/forms.py), so wrk cannot
# make its own: before each run, bench/run.py writes fresh ones signed for wrk's CSRF cookie, more than the
# run can send; each wrk thread takes every WRK_THREADS-th line, so no two requests share a key.
SUBMIT_KEYS_PER_SECOND = 2000
SUBMIT_LUA = """\
-- Written by bench/run.py: POSTs valid answers with a fresh idempotency key per request.
-- Keys: one a line in the file named on the command line, signed for the CSRF cookie below.
local answers = "{answers}"
local threads = 0
local keys = {{}}
local sent = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"

function setup(thread)
   thread:set("thread_number", threads)
   threads = threads + 1
end

function init(args)
   local line_number = 0
   for line in io.lines(args[1]) do
      if line_number % {threads} == thread_number then
         keys[#keys + 1] = line
      end
      line_number = line_number + 1
   end
end

function request()
   sent = sent + 1
   -- Past the end a key repeats: an idempotent replay, which the stored-responses check reports.
   local key = keys[(sent - 1) % #keys + 1]
   return wrk.format(nil, nil, nil, answers .. "&idempotency_key=" .. key)
end
"""


class BenchError(Exception):
    """Something that makes the numbers meaningless; the message says what."""


@dataclass
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: int
    requests: int


@dataclass
class Row:
    page: Page
    url: str
    queries: int
    wrk_options: list[str] = field(default_factory=list)
    runs: list[WrkResult] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    warmup: WrkResult | None = None
    stored_before: int = 0
    stored_after: int = 0
    key_visitor: str = ""  # submit rows: the CSRF secret wrk sends, which the form's keys are signed for
    consultation_id: int = 0

    @property
    def label(self) -> str:
        return self.page.label

    def wrk_arguments(self, duration_s: int) -> list[str]:
        """Options before the URL, script arguments after it (a submit run gets a file of fresh keys)."""
        if self.page.submit:
            count = SUBMIT_KEYS_PER_SECOND * duration_s
            keys = signed_keys(visitor=self.key_visitor, consultation_id=self.consultation_id, count=count)
            SUBMIT_KEYS.write_text("".join(urllib.parse.quote(key, safe="") + "\n" for key in keys))
            return [*self.wrk_options, self.url, str(SUBMIT_KEYS)]
        return [*self.wrk_options, self.url]


@dataclass
class Database:
    """The PostgreSQL (or other) database of the second reliability run."""

    url: str
    label: str
    created: str | None = None  # a database this run created, and drops at the end
    prepare_error: str | None = None


def log(message: str) -> None:
    """Progress goes to stderr; stdout carries only the report."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


def bench_environ() -> dict[str, str]:
    environ = dict(os.environ)
    environ.pop("GUNICORN_CMD_ARGS", None)
    environ.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1:8000",
    )
    return environ


def manage(environ: dict[str, str], *args: str) -> None:
    command = [str(PYTHON), "manage.py", *args]
    try:
        result = subprocess.run(
            command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=PREPARE_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"`manage.py {' '.join(args)}` took longer than {PREPARE_TIMEOUT_S}s.") from None
    if result.returncode != 0:
        raise BenchError(f"`manage.py {' '.join(args)}` failed:\n{result.stdout}{result.stderr}")


def prepare(environ: dict[str, str]) -> None:
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    if not environ.get("DATABASE_URL"):
        # A fresh default database each run, so that results do not depend on leftovers.
        for leftover in RUN_DIR.glob("bench.sqlite3*"):
            leftover.unlink()
    log("migrating, loading demo data, collecting static files")
    manage(environ, "migrate", "--noinput", "-v0")
    manage(environ, "load_demo_data", "-v0")
    manage(environ, "collectstatic", "--noinput", "-v0")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch_status(url: str) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": "forum-site-bench"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback http only
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def start_gunicorn(
    environ: dict[str, str], port: int, log_file: TextIO, options: list[str] | None = None
) -> subprocess.Popen[bytes]:
    command = [
        str(GUNICORN),
        "forum_site.wsgi",
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--no-control-socket",  # gunicorn 27 would otherwise create ~/.gunicorn/gunicorn.ctl
        *(options or []),
    ]
    return subprocess.Popen(command, cwd=ROOT, env=environ, stdout=log_file, stderr=subprocess.STDOUT)


def wait_until_up(server: subprocess.Popen[bytes], base_url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with code {server.returncode} while starting.")
        try:
            if fetch_status(base_url + BARE[1]) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {START_TIMEOUT_S}s.")


def stop_gunicorn(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def log_tail(log_path: Path) -> None:
    tail = log_path.read_text().splitlines()[-20:] if log_path.exists() else []
    if tail:
        log(f"last lines of {log_path.relative_to(ROOT)}:\n" + "\n".join(tail))


_DURATION_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise BenchError(f"unexpected wrk duration {text!r}.")
    return float(match[1]) * _DURATION_MS[match[2]]


def parse_wrk(output: str) -> WrkResult:
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    if not (rps and p50 and p99 and total):
        raise BenchError(f"could not read wrk's output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return WrkResult(
        requests_per_s=float(rps[1]),
        p50_ms=_duration_ms(p50[1]),
        p99_ms=_duration_ms(p99[1]),
        non_2xx_3xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
        requests=int(total[1]),
    )


def wrk(arguments: list[str], duration_s: int) -> WrkResult:
    """wrk on `arguments` (options, then the URL, then any script arguments)."""
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{duration_s}s",
        f"--timeout={WRK_TIMEOUT_S}s",
        "--latency",
        *arguments,
    ]
    url = next(a for a in arguments if a.startswith("http://"))
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 30)
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk on {url} did not finish.") from None
    if result.returncode != 0:
        raise BenchError(f"wrk on {url} failed:\n{result.stdout}{result.stderr}")
    return parse_wrk(result.stdout)


def setup_django(environ: dict[str, str]) -> None:
    """Django in this process, on the same settings and database as gunicorn."""
    os.environ.update({k: environ[k] for k in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL")})
    import django

    django.setup()


def test_client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def count_queries(path: str, client=None) -> int:
    """SQL queries for a warm request: the page is requested once, then the second request is counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client or test_client()
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise BenchError(f"{path} returned HTTP {response.status_code} in-process (expected 200).")
    return len(captured.captured_queries)


def signed_keys(*, visitor: str, consultation_id: int, count: int) -> list[str]:
    """`count` fresh idempotency keys as the response form would give the browser with this CSRF secret."""
    from consultations.forms import idempotency_key_issue

    return [idempotency_key_issue(visitor=visitor, consultation_id=consultation_id) for _ in range(count)]


def count_submit_queries(path: str, answers: list[tuple[str, str]]) -> int:
    """SQL queries for a warm valid submit: one POST, then the second is counted (each a new response)."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = test_client()
    if (status := client.get(path).status_code) != 200:
        raise BenchError(f"GET {path} returned HTTP {status} in-process (expected 200).")
    visitor, consultation_id = client.cookies[settings.CSRF_COOKIE_NAME].value, fixtures.consultation().pk

    def submit():
        (key,) = signed_keys(visitor=visitor, consultation_id=consultation_id, count=1)
        data: dict[str, list[str]] = {"idempotency_key": [key]}
        for name, value in answers:
            data.setdefault(name, []).append(value)
        return client.post(path, data)

    submit()
    with CaptureQueriesContext(connection) as captured:
        response = submit()
    if response.status_code != 302 or "/respond/done/" not in response.get("Location", ""):
        raise BenchError(
            f"a valid POST to {path} returned HTTP {response.status_code} in-process, expected a 302 to done/."
        )
    return len(captured.captured_queries)


def second_factor_passed(client, email: str) -> None:
    """A staff account's session: records that it passed a TOTP code after the password, as allauth does at
    sign-in (the test client's login() skips allauth), like tests/conftest.py mfa_login. Without it the staff
    guard (accounts/middleware.py) sends every page of a staff session to the second-factor step."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(email=email)
    if not (user.is_staff or user.is_superuser):
        return
    session, now = client.session, time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def signed_in_row(page: Page, base_url: str) -> Row:
    """Signs the row's demo user in with the test client; wrk sends the same session (and CSRF) cookies."""
    from django.conf import settings

    client = test_client()
    if not client.login(email=page.user, password=fixtures.PARENT_PASSWORD):  # all demo accounts share it
        raise BenchError(f"could not sign in as {page.user} (did load_demo_data create the demo users?).")
    second_factor_passed(client, page.user)
    queries = count_queries(page.path, client)
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    cookies = {name: client.cookies[name].value for name in names if name in client.cookies}
    # The same cookies over HTTP must give the signed-in page, not the anonymous cache.
    browser = fixtures.Browser("127.0.0.1", int(urllib.parse.urlsplit(base_url).port or 80), dict(cookies))
    result = browser.request("GET", page.path)
    if result.status != 200 or "Sign out" not in result.body or result.header("X-Page-Cache"):
        raise BenchError(
            f"{page.path} with {page.user}'s session cookie did not give the signed-in page (HTTP {result.status})."
        )
    header = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return Row(page, base_url + page.path, queries, ["-H", f"Cookie: {header}"])


def submit_row(page: Page, base_url: str) -> Row:
    """Gets one CSRF cookie+token pair over HTTP, checks one POST, writes the wrk script that repeats it."""
    consultation = fixtures.consultation()
    answers = fixtures.answer_fields(consultation)
    queries = count_submit_queries(page.path, answers)

    browser = fixtures.Browser("127.0.0.1", int(urllib.parse.urlsplit(base_url).port or 80))
    token = browser.get_form(page.path)
    body = [("csrfmiddlewaretoken", token), *answers]
    from django.conf import settings

    secret = browser.cookies[settings.CSRF_COOKIE_NAME]
    (key,) = signed_keys(visitor=secret, consultation_id=consultation.pk, count=1)  # as the wrk script's keys are
    check = browser.request("POST", page.path, [*body, ("idempotency_key", key)])
    if fixtures.reference_from(check) is None:
        raise BenchError(f"a valid POST to {page.path} over HTTP answered {check.status}, expected a 302 to done/.")

    csrf_cookie = f"{settings.CSRF_COOKIE_NAME}={secret}"
    encoded = urllib.parse.urlencode(body)
    if not re.fullmatch(r"[\w%+.~=&-]*", encoded) or not re.fullmatch(r"[\w=-]*", csrf_cookie):
        raise BenchError("unexpected characters in the form data or CSRF cookie for the wrk script.")
    SUBMIT_SCRIPT.write_text(SUBMIT_LUA.format(answers=encoded, cookie=csrf_cookie, threads=WRK_THREADS))
    return Row(
        page,
        base_url + page.path,
        queries,
        ["-s", str(SUBMIT_SCRIPT)],
        key_visitor=secret,
        consultation_id=consultation.pk,
    )


def build_rows(base_url: str, pages: list[Page] = PAGES) -> list[Row]:
    """Checks every page answers as expected, and counts its queries."""
    rows = []
    for page in pages:
        if page.signed_in:
            rows.append(signed_in_row(page, base_url))
        elif page.submit:
            rows.append(submit_row(page, base_url))
        else:
            status = fetch_status(base_url + page.path)
            if status != 200:
                raise BenchError(f"{page.label} ({page.path}) returned HTTP {status}, expected 200.")
            rows.append(Row(page, base_url + page.path, count_queries(page.path)))
    return rows


def versions() -> str:
    import django
    import gunicorn
    import wagtail
    from django.db import connection

    wrk_banner = subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=10).stdout
    wrk_version = re.search(r"\d+\.\d+\.\d+", wrk_banner)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
        elif connection.vendor == "postgresql":
            cursor.execute("show server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        else:
            database = connection.display_name
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, Wagtail {wagtail.__version__}, "
        f"gunicorn {gunicorn.__version__}, wrk {wrk_version[0] if wrk_version else 'unknown'}, {database}"
    )


def measure(base_url: str, rows: list[Row], duration_s: int, rounds: int) -> list[WrkResult]:
    """Bare, page, bare, page, ..., bare: each page run's ratio uses the mean of the bare runs either side."""
    bare = [base_url + BARE[1]]
    submits = [row for row in rows if row.page.submit]
    consultation = fixtures.consultation() if submits else None
    for row in submits:
        row.stored_before = fixtures.submitted_responses(consultation)
    wrk(bare, WARMUP_S)
    for row in rows:
        row.warmup = wrk(row.wrk_arguments(WARMUP_S), WARMUP_S)

    bare_runs = [wrk(bare, duration_s)]
    for round_number in range(1, rounds + 1):
        for row in rows:
            log(f"round {round_number}/{rounds}: {row.label}")
            run = wrk(row.wrk_arguments(duration_s), duration_s)
            bare_runs.append(wrk(bare, duration_s))  # also lets POSTs still queued at the end of the run finish
            bare_around = statistics.mean(r.requests_per_s for r in bare_runs[-2:])
            row.runs.append(run)
            row.ratios.append(run.requests_per_s / bare_around)
    for row in submits:
        row.stored_after = fixtures.submitted_responses(consultation)
    return bare_runs


def print_header(duration_s: int, rounds: int, reliability_databases: str) -> None:
    print(f"cores: {os.cpu_count()}")
    print(f"versions: {versions()}")
    print(
        f"load: gunicorn {WORKERS} workers, wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{duration_s}s, "
        f"{rounds} run(s) per page, each between two bare runs"
    )
    print(
        f"reliability: {concurrency.RESPONSES} responses by {concurrency.CLIENTS} concurrent clients "
        f"on {reliability_databases}"
    )
    print(flush=True)


def stored_check(row: Row) -> tuple[str, str | None]:
    """A submit row's note (POSTs answered, responses stored), and a warning if the two disagree."""
    runs = [row.warmup, *row.runs] if row.warmup else row.runs
    completed = sum(r.requests for r in runs)
    refused = sum(r.non_2xx_3xx for r in runs)
    stored = row.stored_after - row.stored_before
    in_flight = WRK_CONNECTIONS * len(runs)  # requests wrk abandons when a run ends still get stored
    note = (
        f"{row.label}: wrk completed {completed} POSTs (warm-up included), {refused} non-2xx/3xx; "
        f"{stored} new responses stored (at most {in_flight} more than completed: in flight when wrk stopped)"
    )
    if not completed - refused <= stored <= completed + in_flight:
        return note, f"{row.label}: {completed - refused} POSTs answered 2xx/3xx but {stored} responses stored"
    return note, None


def report(bare_runs: list[WrkResult], rows: list[Row]) -> tuple[list[str], list[str]]:
    """Prints the table; returns the warnings and the targets missed."""
    width = max(len(label) for label in [BARE[0], *(row.label for row in rows)])
    print(f"{'page':<{width}} {'req/s':>9} {'x bare':>8} {'p50 ms':>9} {'p99 ms':>9} {'queries':>8}  target")

    def line(label: str, runs: list[WrkResult], ratio: float, queries: int, target: str) -> None:
        rps = statistics.mean(r.requests_per_s for r in runs)
        p50 = statistics.mean(r.p50_ms for r in runs)
        p99 = statistics.mean(r.p99_ms for r in runs)
        print(f"{label:<{width}} {rps:>9.1f} {ratio:>8.3f} {p50:>9.2f} {p99:>9.2f} {queries:>8}  {target}".rstrip())

    missed = []
    line(BARE[0], bare_runs, 1.0, count_queries(BARE[1]), "")
    for row in rows:
        ratio = statistics.mean(row.ratios)
        target = ""
        if row.page.target:
            passed = row.page.target.passed(ratio, row.queries)
            target = f"{row.page.target} {'PASS' if passed else 'FAIL'}"
            if not passed:
                missed.append(f"{row.label}: {ratio:.3f}x bare, {row.queries} queries; target {row.page.target}")
        line(row.label, row.runs, ratio, row.queries, target)

    warnings = []
    for label, runs in [(BARE[0], bare_runs), *((row.label, row.runs) for row in rows)]:
        non_2xx = sum(r.non_2xx_3xx for r in runs)
        socket_errors = sum(r.socket_errors for r in runs)
        if non_2xx:
            warnings.append(f"{label}: {non_2xx} non-2xx/3xx responses during the runs")
        if socket_errors:
            warnings.append(f"{label}: {socket_errors} socket errors (connect/read/write/timeout) during the runs")

    notes = []
    for row in rows:
        if row.page.submit:
            note, mismatch = stored_check(row)
            notes.append(note)
            warnings.extend([mismatch] if mismatch else [])
    if notes:
        print()
        for note in notes:
            print(note)
    if warnings:
        print()
        for warning in warnings:
            print(f"WARNING {warning}")
    return warnings, missed


# --- Reliability under concurrency (bench/concurrency.py), per database -----------------------------


def reliability(environ: dict[str, str], base_url: str) -> bool:
    """Runs bench/concurrency.py against base_url with gunicorn's environment; prints its line."""
    log(f"reliability: {concurrency.RESPONSES} submissions by {concurrency.CLIENTS} clients on {base_url}")
    command = [str(PYTHON), str(ROOT / "bench" / "concurrency.py"), f"--base-url={base_url}"]
    timeout = concurrency.DEADLINE_S + 2 * fixtures.HTTP_TIMEOUT_S + 60
    try:
        result = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"reliability: FAIL (bench/concurrency.py did not finish within {timeout}s)", flush=True)
        return False
    output = result.stdout.strip() or f"reliability: FAIL (bench/concurrency.py exited {result.returncode})"
    print(output, flush=True)
    if result.returncode != 0 and result.stderr.strip():
        log("bench/concurrency.py:\n" + "\n".join(result.stderr.strip().splitlines()[-20:]))
    return result.returncode == 0


def psql(sql: str) -> subprocess.CompletedProcess[str]:
    command = [
        "psql", "-h", POSTGRES_HOST, "-p", POSTGRES_PORT, "-U", "postgres", "-d", "postgres",
        "-w", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql,
    ]  # fmt: skip
    environ = {**os.environ, "PGCONNECT_TIMEOUT": "5"}
    return subprocess.run(
        command, capture_output=True, text=True, timeout=PSQL_TIMEOUT_S, env=environ, stdin=subprocess.DEVNULL
    )


def second_database(wanted: bool) -> tuple[Database | None, str]:
    """The database of the second reliability run, or None and why not.

    BENCH_DATABASE_URL if set (used as it is); otherwise a fresh database created on the local
    PostgreSQL server when one answers on 127.0.0.1:5432, dropped at the end.
    """
    if not wanted:
        return None, "skipped (--no-postgres)"
    given = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if given:
        scheme = urllib.parse.urlsplit(given).scheme
        label = "postgresql" if scheme.startswith("postgres") else scheme or "BENCH_DATABASE_URL"
        return Database(given, label), ""
    where = f"{POSTGRES_HOST}:{POSTGRES_PORT}"
    if not (shutil.which("pg_isready") and shutil.which("psql")):
        return None, "skipped (pg_isready/psql not installed; set BENCH_DATABASE_URL to use a PostgreSQL database)"
    ready = subprocess.run(
        ["pg_isready", "-q", "-h", POSTGRES_HOST, "-p", POSTGRES_PORT, "-t", "3"], capture_output=True, timeout=10
    )
    if ready.returncode != 0:
        return None, f"skipped (no PostgreSQL server answers on {where}; set BENCH_DATABASE_URL to use one)"
    name = f"forum_bench_{os.getpid()}"
    created = psql(f'CREATE DATABASE "{name}"')
    if created.returncode != 0:
        reason = (created.stderr.strip().splitlines() or ["psql failed"])[-1]
        return None, f"skipped (could not create a database on {where} as postgres: {reason})"
    return Database(f"postgres://postgres@{where}/{name}", "postgresql", created=name), ""


def drop_database(database: Database) -> None:
    if not database.created:
        return
    dropped = psql(f'DROP DATABASE IF EXISTS "{database.created}"')
    if dropped.returncode != 0:
        dropped = psql(f'DROP DATABASE IF EXISTS "{database.created}" WITH (FORCE)')
    if dropped.returncode != 0:
        log(f"could not drop the database {database.created}: {dropped.stderr.strip()}")


def prepare_second(database: Database, environ: dict[str, str]) -> None:
    """migrate + load_demo_data (static files are shared with the first run). Runs in a thread."""
    try:
        manage(environ, "migrate", "--noinput", "-v0")
        manage(environ, "load_demo_data", "-v0")
    except BenchError as error:
        database.prepare_error = str(error)


def reliability_second(database: Database, environ: dict[str, str]) -> bool:
    if database.prepare_error:
        print(f"reliability ({database.label}): FAIL (could not prepare the database)", flush=True)
        log(database.prepare_error)
        return False
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = RUN_DIR / f"gunicorn-{database.label}.log"
    with log_path.open("w") as log_file:
        server = start_gunicorn(environ, port, log_file)
        try:
            wait_until_up(server, base_url)
            passed = reliability(environ, base_url)
        except BenchError as error:
            print(f"reliability ({database.label}): FAIL ({error})", flush=True)
            passed = False
        finally:
            stop_gunicorn(server)
    if not passed:
        log_tail(log_path)
    return passed


# --- While Redis is down: the same rows with the cache's Redis up, stopped and hung ------------------

REDIS_SERVER = "127.0.0.1:6379"
# This section's own Redis database, flushed before and after: the tests use 2, 12 and 15, CI's deploy check 0.
REDIS_DB = 11
REDIS_STATES = ("up", "stopped", "hung")
HUNG_BACKLOG = 128  # a hung Redis: the kernel completes this many connections, then leaves the rest unanswered
# The rows of the section (with the bare view first): home page, consultation page anonymous and signed in, submit.
OUTAGE_PAGES = [page for page in PAGES if page.path in ("/", fixtures.CONSULTATION_PATH, fixtures.RESPOND_PATH)]
# gunicorn's access log in this section, one line a request: every status the server gave, even to requests wrk
# abandoned when a run stopped, so 5xx and answered submits are counted exactly.
ACCESS_FORMAT = "%(s)s %(m)s %(U)s"
ACCESS_LINE = re.compile(r"^(\d{3}) (\S+) (\S+)$", re.MULTILINE)
CACHE_TRIPPED = re.compile(r"Cache at \S+ is unavailable \((.*?)\); using the database")


@dataclass
class CacheState:
    """One Redis state of the section: the REDIS_URL gunicorn got, and what was measured with it."""

    name: str
    redis_url: str = ""
    rows: list[Row] = field(default_factory=list)
    answers: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)  # by row: (status, method, path)
    cache_error: str = ""  # the error the cache logged when it switched to the database ("" if it never did)
    redis_keys: int | None = None  # keys in REDIS_DB after the runs (Redis up)
    skipped: str = ""
    failed: str = ""

    def server_errors(self, label: str) -> int:
        return sum(1 for status, _, _ in self.answers.get(label, []) if status >= 500)


@contextlib.contextmanager
def redis_url_for(state: str) -> Iterator[str]:
    """The REDIS_URL of a state; a hung Redis's socket stays open (never read, never answered) until the end."""
    if state == "hung":
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            sock.listen(HUNG_BACKLOG)
            yield f"redis://127.0.0.1:{sock.getsockname()[1]}/{REDIS_DB}"
    elif state == "stopped":
        yield f"redis://127.0.0.1:{free_port()}/{REDIS_DB}"  # nothing listens there: connections are refused
    else:
        yield f"redis://{REDIS_SERVER}/{REDIS_DB}"


def redis_call(url: str, command: str) -> tuple[int | None, str]:
    """(result, "") of `flushdb` or `dbsize` on url, or (None, why not)."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        result = getattr(client, command)()
        return (result if isinstance(result, int) else 0), ""
    except (redis.RedisError, OSError) as error:
        return None, f"{type(error).__name__}: {error}"
    finally:
        client.close()


def answers_by_row(access_log: Path, marks: list[tuple[str, int]]) -> dict[str, list[tuple[int, str, str]]]:
    """The access log's (status, method, path) between the marks: (row label, log size when its runs started)."""
    data = access_log.read_bytes() if access_log.exists() else b""
    ends = [offset for _, offset in marks[1:]] + [len(data)]
    return {
        label: [(int(s), m, p) for s, m, p in ACCESS_LINE.findall(data[start:end].decode("utf-8", "replace"))]
        for (label, start), end in zip(marks, ends, strict=True)
    }


def measure_cache_state(environ: dict[str, str], state: CacheState, duration_s: int) -> None:
    """gunicorn with the state's REDIS_URL on the same database; each row warmed up, then run once."""
    from django.core.cache import caches
    from django.db import connection

    caches["fallback"].clear()  # each state starts with an empty fallback table, as after a recovery
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = RUN_DIR / f"gunicorn-redis-{state.name}.log"
    access_log = RUN_DIR / f"gunicorn-redis-{state.name}-access.log"
    access_log.unlink(missing_ok=True)
    marks: list[tuple[str, int]] = []
    submits: list[Row] = []
    with log_path.open("w") as log_file:
        access = [f"--access-logfile={access_log}", f"--access-logformat={ACCESS_FORMAT}"]
        server = start_gunicorn({**environ, "REDIS_URL": state.redis_url}, port, log_file, access)
        try:
            wait_until_up(server, base_url)
            state.rows = [Row(Page(*BARE), base_url + BARE[1], 0), *build_rows(base_url, OUTAGE_PAGES)]
            submits = [row for row in state.rows if row.page.submit]
            for row in submits:
                row.stored_before = fixtures.submitted_responses(fixtures.consultation())
            for row in state.rows:
                log(f"Redis {state.name}: {row.label}")
                marks.append((row.label, access_log.stat().st_size))
                row.warmup = wrk(row.wrk_arguments(WARMUP_S), WARMUP_S)
                row.runs.append(wrk(row.wrk_arguments(duration_s), duration_s))
        except (BenchError, fixtures.FixtureError, OSError) as error:
            state.failed = str(error)
        finally:
            stop_gunicorn(server)  # lets POSTs still in flight finish before they are counted
    for row in [] if state.failed else submits:
        row.stored_after = fixtures.submitted_responses(fixtures.consultation())
    connection.close()
    if state.failed:
        log_tail(log_path)
    state.answers = answers_by_row(access_log, marks)
    tripped = CACHE_TRIPPED.search(log_path.read_text(errors="replace"))
    state.cache_error = tripped[1] if tripped else ""


def submit_answers(state: CacheState, row: Row) -> tuple[str, str | None]:
    """A submit row's note: POSTs gunicorn answered 302 against responses stored; a warning unless equal."""
    posts = [status for status, method, _ in state.answers.get(row.label, []) if method == "POST"]
    redirected = posts.count(302)
    stored = row.stored_after - row.stored_before
    completed = sum(r.requests for r in [row.warmup, *row.runs] if r)
    note = (
        f"{row.label}: gunicorn answered {len(posts)} POSTs, {redirected} with a 302 (wrk completed {completed}, "
        f"the rest were in flight when it stopped); {stored} new responses stored"
    )
    if stored != redirected or redirected != len(posts):
        return note, f"{row.label}: {redirected} of {len(posts)} POSTs answered 302, but {stored} responses stored"
    return note, None


def outage_problems(state: CacheState) -> list[str]:
    """What fails the section in one state: bad answers, lost responses, or a cache not in the state wanted."""
    problems = [f"Redis {state.name}: {state.failed}"] if state.failed else []
    for row in [] if state.failed else state.rows:
        runs = [row.warmup, *row.runs]
        label = f"Redis {state.name}, {row.label}"
        if bad := sum(r.non_2xx_3xx for r in runs):
            problems.append(f"{label}: {bad} non-2xx/3xx responses")
        if errors := state.server_errors(row.label):
            problems.append(f"{label}: {errors} server errors (5xx), see bench/.run/gunicorn-redis-{state.name}.log")
        if socket_errors := sum(r.socket_errors for r in runs):
            problems.append(f"{label}: {socket_errors} socket errors (connect/read/write/timeout)")
        if row.page.submit and (mismatch := submit_answers(state, row)[1]):
            problems.append(f"Redis {state.name}, {mismatch}")
    if state.name == "up" and state.cache_error:
        problems.append(f"Redis up: the cache switched to the database during the runs ({state.cache_error})")
    if state.name == "up" and not state.failed and not state.redis_keys:
        problems.append("Redis up: no keys in Redis after the runs (the cache did not use it)")
    if state.name != "up" and not state.cache_error and not state.failed:
        problems.append(f"Redis {state.name}: the cache never logged that it switched to the database")
    return problems


def outage_report(states: list[CacheState], duration_s: int) -> bool:
    """Prints the section's table and notes; True when no state failed."""
    labels = [BARE[0], *(page.label for page in OUTAGE_PAGES)]
    width = max(len(label) for label in labels)
    print(
        f"while Redis is down: wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{duration_s}s, one run per row and state "
        f"after a {WARMUP_S}s warm-up; bad: non-2xx/3xx seen by wrk, 5xx: in gunicorn's access log (both with warm-up)"
    )
    print(f"{'page':<{width}} {'Redis':<8} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'bad':>5} {'5xx':>5}")
    for label in labels:
        for state in states:
            shown = label if state is states[0] else ""
            row = next((r for r in state.rows if r.label == label and r.runs), None)
            if row is None:
                print(f"{shown:<{width}} {state.name:<8} {state.skipped or 'not measured'}")
                continue
            run, bad = row.runs[0], row.warmup.non_2xx_3xx + row.runs[0].non_2xx_3xx
            print(
                f"{shown:<{width}} {state.name:<8} {run.requests_per_s:>9.1f} {run.p50_ms:>9.2f} {run.p99_ms:>9.2f} "
                f"{bad:>5} {state.server_errors(label):>5}"
            )
    print()
    problems = []
    for state in states:
        how = state.skipped or (f"the cache logged {state.cache_error}" if state.cache_error else "")
        if state.name == "up" and not state.skipped:
            how = f"{state.redis_keys} keys in Redis after the runs"
        print(f"Redis {state.name}: REDIS_URL={state.redis_url}" + (f"; {how}" if how else ""))
        for row in [] if state.failed else state.rows:
            if row.page.submit:
                print(f"  {submit_answers(state, row)[0]}")
        problems.extend(outage_problems(state))
    for problem in problems:
        print(f"WARNING {problem}")
    print(f"while Redis is down: {'FAIL' if problems else 'PASS'}", flush=True)
    return not problems


def redis_outage(environ: dict[str, str], duration_s: int) -> bool:
    """The section "while Redis is down": the rows of OUTAGE_PAGES with Redis up, stopped and hung."""
    states = []
    for name in REDIS_STATES:
        state = CacheState(name)
        states.append(state)
        with redis_url_for(name) as url:
            state.redis_url = url
            if name == "up" and (why := redis_call(url, "flushdb")[1]):
                state.skipped = f"skipped (no Redis answers on {REDIS_SERVER}: {why})"
                continue
            log(f"while Redis is down: gunicorn with Redis {name} (REDIS_URL={url})")
            measure_cache_state(environ, state, duration_s)
            if name == "up":
                state.redis_keys = redis_call(url, "dbsize")[0]
                redis_call(url, "flushdb")
    return outage_report(states, duration_s)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    parser.add_argument("--rounds", type=int, default=2, help="runs per page (default 2)")
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL reliability run (SQLite only)")
    args = parser.parse_args()
    duration_s = max(1, min(args.duration, 60))
    rounds = max(1, min(args.rounds, 10))

    if shutil.which("wrk") is None:
        raise BenchError("wrk is not installed: apt-get install -y wrk")
    environ = bench_environ()
    second, skipped = second_database(not args.no_postgres)
    try:
        return run(environ, second, skipped, duration_s, rounds)
    finally:
        if second:
            drop_database(second)


def run(environ: dict[str, str], second: Database | None, skipped: str, duration_s: int, rounds: int) -> int:
    second_environ = {**environ, "DATABASE_URL": second.url} if second else {}
    preparing = None
    if second:
        # Prepared alongside the first database (each manage.py is single-threaded); joined before wrk starts.
        log(f"preparing the {second.label} database for the reliability run")
        preparing = threading.Thread(target=prepare_second, args=(second, second_environ), daemon=True)
        preparing.start()
    try:
        prepare(environ)
    finally:
        if preparing:
            preparing.join(timeout=2 * PREPARE_TIMEOUT_S + 10)
    setup_django(environ)
    from django.db import connection

    log("adding the tracker's bench reviews and recommendations, and a forum topic with 200 replies")
    try:
        fixtures.tracker_load()
        fixtures.forum_load()
    except fixtures.FixtureError as error:
        raise BenchError(str(error)) from None
    connection.close()  # gunicorn's workers open their own

    databases = connection.vendor + (f" and {second.label}" if second else "")
    print_header(duration_s, rounds, databases)

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = RUN_DIR / "gunicorn.log"
    with log_path.open("w") as log_file:
        server = start_gunicorn(environ, port, log_file)
        try:
            wait_until_up(server, base_url)
            log(f"gunicorn is up on {base_url} (log: {log_path.relative_to(ROOT)})")
            rows = build_rows(base_url)
            bare_runs = measure(base_url, rows, duration_s, rounds)
            connection.close()
            warnings, missed = report(bare_runs, rows)
            print(flush=True)
            reliable = reliability(environ, base_url)
        except BenchError:
            log_file.flush()
            log_tail(log_path)
            raise
        finally:
            stop_gunicorn(server)
    if second:
        reliable = reliability_second(second, second_environ) and reliable
    else:
        print(f"reliability (postgresql): {skipped}", flush=True)

    # Results summary and CSV export at 50,000 responses (in-process, its own database).
    print(flush=True)
    log("results and export at scale: bench/results.py (the first run builds 50,000 responses)")
    at_scale = subprocess.run([str(PYTHON), str(ROOT / "bench" / "results.py")], cwd=ROOT, timeout=1800)
    if at_scale.returncode != 0:
        missed.append("results summary or CSV export at 50,000 responses (see above)")
    log("moderation checks: bench/moderation_checks.py (a 10,000-character post)")
    checks = subprocess.run([str(PYTHON), str(ROOT / "bench" / "moderation_checks.py")], cwd=ROOT, timeout=300)
    if checks.returncode != 0:
        missed.append("personal-data and watch-list checks on a 10,000-character post (see above)")
    log("tracker export at scale: bench/tracker_export.py (5,000 recommendations)")
    tracker_export = subprocess.run([str(PYTHON), str(ROOT / "bench" / "tracker_export.py")], cwd=ROOT, timeout=900)
    if tracker_export.returncode != 0:
        missed.append("CSV export of 5,000 recommendations (see above)")

    # The same rows while Redis is up, stopped and hung (a gunicorn for each, on the first database).
    print(flush=True)
    log("while Redis is down: home page, consultation page, signed in, submit; Redis up, stopped, hung")
    cache_outage = redis_outage(environ, duration_s)

    if missed:
        print()
        for miss in missed:
            print(f"TARGET MISSED {miss}")
    return 1 if warnings or missed or not reliable or not cache_outage else 0


if __name__ == "__main__":
    os.chdir(ROOT)
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"bench: error: {error}")
