"""The tracker's CSV export at scale: 5,000 recommendations (target <= 1 s).

Run by bench/run.py (or alone: `.venv/bin/python bench/tracker_export.py`). Uses its own SQLite file
under bench/.run/ (or BENCH_TRACKER_DATABASE_URL), built once with bench/fixtures.py tracker_load,
so the gunicorn rows are not disturbed. Times the real export view in-process, through Django's test
client: routing, the query, and streaming every row of the CSV.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / "bench" / ".run"
RECOMMENDATIONS = int(os.environ.get("BENCH_TRACKER_RECOMMENDATIONS", "5000"))
REVIEWS = 50
TARGET_S = 1.0


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    db = os.environ.get("BENCH_TRACKER_DATABASE_URL") or f"sqlite:///{RUN_DIR / 'tracker-export.sqlite3'}"
    os.environ["DATABASE_URL"] = db
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    os.environ["DJANGO_SETTINGS_MODULE"] = "forum_site.settings.bench"
    import django

    django.setup()


def build(count: int) -> int:
    from django.core.management import call_command

    from bench import fixtures
    from forum_site.demo.pages import demo_pages_load
    from recommendations.models import Recommendation

    call_command("migrate", verbosity=0, interactive=False)
    existing = Recommendation.objects.filter(review__slug__startswith="bench-review-").count()
    if existing == count:
        return existing
    if existing:
        from recommendations.models import ScrutinyReviewPage

        for page in ScrutinyReviewPage.objects.filter(slug__startswith="bench-review-"):
            page.delete()
    demo_pages_load()
    return fixtures.tracker_load(reviews=REVIEWS, recommendations=count)


def main() -> int:
    setup_django()
    from django.db import connection
    from django.test import Client

    from bench import fixtures

    t0 = time.perf_counter()
    built = build(RECOMMENDATIONS)
    built_s = time.perf_counter() - t0
    client = Client(HTTP_HOST="127.0.0.1")
    path = f"/{fixtures.TRACKER_SLUG}/recommendations/export/csv/"

    def export() -> tuple[int, int, float]:
        start = time.perf_counter()
        response = client.get(path)
        size = rows = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            rows += chunk.count(b"\r\n")
        return response.status_code, rows - 1, time.perf_counter() - start

    export()  # warm the OS page cache and Wagtail's site lookup
    status, rows, seconds = export()
    passed = status == 200 and rows == built and seconds <= TARGET_S
    print(
        f"tracker data: {built:,} recommendations in {REVIEWS} reviews ({connection.vendor}; built/reused in {built_s:.1f} s)"
    )
    print(
        f"CSV export of {rows:,} recommendations: {seconds * 1000:.0f} ms, HTTP {status} "
        f"(target <= {TARGET_S * 1000:.0f} ms): {'PASS' if passed else 'FAIL'}"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
