"""`make bench`: throughput and latency of each page under gunicorn, relative to a bare Django view.

Prepares a throwaway database with the demo content, starts gunicorn (2 workers) on loopback
with forum_site.settings.bench, then runs wrk on the bare view and on each page in turn, so
that every page run sits between two bare runs. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / "bench" / ".run"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SETTINGS = "forum_site.settings.bench"
BARE = ("bare Django view", "/__bench__/bare/")

# The pages under test: (label, path). Add a row here to benchmark another page.
PAGES: list[tuple[str, str]] = [
    ("home page", "/"),
    ("standard page", "/about/"),
]

WORKERS = 2
WRK_THREADS = 2
WRK_CONNECTIONS = 8
WRK_TIMEOUT_S = 5
WARMUP_S = 1
START_TIMEOUT_S = 30
PREPARE_TIMEOUT_S = 300

# Run as `python bench/run.py`: make the project importable instead of bench/ itself.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)


class BenchError(Exception):
    """Something that makes the numbers meaningless; the message says what."""


@dataclass
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: int


@dataclass
class Row:
    label: str
    path: str
    runs: list[WrkResult]
    ratios: list[float]
    queries: int


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


def start_gunicorn(environ: dict[str, str], port: int, log_file: TextIO) -> subprocess.Popen[bytes]:
    command = [
        str(GUNICORN),
        "forum_site.wsgi",
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        "--no-control-socket",  # gunicorn 27 would otherwise create ~/.gunicorn/gunicorn.ctl
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
    if not (rps and p50 and p99):
        raise BenchError(f"could not read wrk's output:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return WrkResult(
        requests_per_s=float(rps[1]),
        p50_ms=_duration_ms(p50[1]),
        p99_ms=_duration_ms(p99[1]),
        non_2xx_3xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def wrk(url: str, duration_s: int) -> WrkResult:
    command = [
        "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{duration_s}s",
        f"--timeout={WRK_TIMEOUT_S}s",
        "--latency",
        url,
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 30)
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk on {url} did not finish.") from None
    if result.returncode != 0:
        raise BenchError(f"wrk on {url} failed:\n{result.stdout}{result.stderr}")
    return parse_wrk(result.stdout)


def setup_django(environ: dict[str, str]) -> None:
    """Django in this process, on the same settings and database as gunicorn."""
    os.environ.update({k: environ[k] for k in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS")})
    import django

    django.setup()


def count_queries(path: str) -> int:
    """SQL queries for a warm request: the page is requested once, then the second request is counted."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise BenchError(f"{path} returned HTTP {response.status_code} in-process (expected 200).")
    return len(captured.captured_queries)


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


def measure(base_url: str, duration_s: int, rounds: int) -> tuple[list[WrkResult], list[Row]]:
    """Bare, page, bare, page, ..., bare: each page run's ratio uses the mean of the bare runs either side."""
    bare_url = base_url + BARE[1]
    rows = [Row(label, path, [], [], count_queries(path)) for label, path in PAGES]
    for url in [bare_url, *(base_url + path for _, path in PAGES)]:
        wrk(url, WARMUP_S)

    bare_runs = [wrk(bare_url, duration_s)]
    for round_number in range(1, rounds + 1):
        for row in rows:
            log(f"round {round_number}/{rounds}: {row.label}")
            run = wrk(base_url + row.path, duration_s)
            bare_runs.append(wrk(bare_url, duration_s))
            bare_around = statistics.mean(r.requests_per_s for r in bare_runs[-2:])
            row.runs.append(run)
            row.ratios.append(run.requests_per_s / bare_around)
    return bare_runs, rows


def print_header(duration_s: int, rounds: int) -> None:
    print(f"cores: {os.cpu_count()}")
    print(f"versions: {versions()}")
    print(
        f"load: gunicorn {WORKERS} workers, wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{duration_s}s, "
        f"{rounds} run(s) per page, each between two bare runs"
    )
    print(flush=True)


def report(bare_runs: list[WrkResult], rows: list[Row]) -> list[str]:
    """Prints the table; returns the warnings."""
    print(f"{'page':<22} {'req/s':>9} {'x bare':>8} {'p50 ms':>9} {'p99 ms':>9} {'queries':>8}")

    def line(label: str, runs: list[WrkResult], ratio: float, queries: int) -> None:
        rps = statistics.mean(r.requests_per_s for r in runs)
        p50 = statistics.mean(r.p50_ms for r in runs)
        p99 = statistics.mean(r.p99_ms for r in runs)
        print(f"{label:<22} {rps:>9.1f} {ratio:>8.2f} {p50:>9.2f} {p99:>9.2f} {queries:>8}")

    line(BARE[0], bare_runs, 1.0, count_queries(BARE[1]))
    for row in rows:
        line(row.label, row.runs, statistics.mean(row.ratios), row.queries)

    warnings = []
    for label, runs in [(BARE[0], bare_runs), *((row.label, row.runs) for row in rows)]:
        non_2xx = sum(r.non_2xx_3xx for r in runs)
        socket_errors = sum(r.socket_errors for r in runs)
        if non_2xx:
            warnings.append(f"{label}: {non_2xx} non-2xx/3xx responses during the runs")
        if socket_errors:
            warnings.append(f"{label}: {socket_errors} socket errors (connect/read/write/timeout) during the runs")
    if warnings:
        print()
        for warning in warnings:
            print(f"WARNING {warning}")
    return warnings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    parser.add_argument("--rounds", type=int, default=2, help="runs per page (default 2)")
    args = parser.parse_args()
    duration_s = max(1, min(args.duration, 60))
    rounds = max(1, min(args.rounds, 10))

    if shutil.which("wrk") is None:
        raise BenchError("wrk is not installed: apt-get install -y wrk")
    environ = bench_environ()
    prepare(environ)
    setup_django(environ)
    print_header(duration_s, rounds)

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = RUN_DIR / "gunicorn.log"
    with log_path.open("w") as log_file:
        server = start_gunicorn(environ, port, log_file)
        try:
            wait_until_up(server, base_url)
            log(f"gunicorn is up on {base_url} (log: {log_path.relative_to(ROOT)})")
            for label, path in [BARE, *PAGES]:
                status = fetch_status(base_url + path)
                if status != 200:
                    raise BenchError(f"{label} ({path}) returned HTTP {status}, expected 200.")
            bare_runs, rows = measure(base_url, duration_s, rounds)
        except BenchError:
            log_file.flush()
            tail = log_path.read_text().splitlines()[-20:]
            if tail:
                log("last lines of the gunicorn log:\n" + "\n".join(tail))
            raise
        finally:
            stop_gunicorn(server)
    warnings = report(bare_runs, rows)
    return 1 if warnings else 0


if __name__ == "__main__":
    os.chdir(ROOT)
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"bench: error: {error}")
