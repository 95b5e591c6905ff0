"""Consultation results and CSV export at scale: 50,000 responses x 12 questions.

Run by bench/run.py (or alone: `.venv/bin/python bench/results.py`). Uses its own SQLite file under
bench/.run/ (or BENCH_RESULTS_DATABASE_URL) so the gunicorn rows are not disturbed. Prints:
  - the time of one results summary (target <= 1 s) and its query count,
  - the peak memory growth while streaming the CSV export of all responses (target <= 50 MB).
"""

from __future__ import annotations

import json
import os
import random
import secrets
import sys
import time
import tracemalloc
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / "bench" / ".run"
RESPONSES = int(os.environ.get("BENCH_RESULTS_RESPONSES", "50000"))
QUESTIONS = 12


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    db = os.environ.get("BENCH_RESULTS_DATABASE_URL") or f"sqlite:///{RUN_DIR / 'results.sqlite3'}"
    os.environ["DATABASE_URL"] = db
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
    os.environ["DJANGO_SETTINGS_MODULE"] = "forum_site.settings.bench"
    import django

    django.setup()


def build(count: int):
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from consultations.models import Answer, ConsultationIndexPage, ConsultationPage, Response, ResponseStatus
    from forum_site.demo.pages import demo_pages_load

    call_command("migrate", verbosity=0, interactive=False)
    page = ConsultationPage.objects.filter(slug="bench-results").first()
    if page and Response.objects.filter(consultation=page, submitted_on__isnull=False).count() == count:
        return page
    home = demo_pages_load()
    index = ConsultationIndexPage.objects.child_of(home).first()
    if page:
        page.delete()
    blocks = []
    for i in range(QUESTIONS):
        kind = ["single_choice", "multiple_choice", "rating", "yes_no", "about_you", "long_text"][i % 6]
        value = {"question": f"Question {i + 1}", "required": False}
        if kind in ("single_choice", "multiple_choice"):
            value["choices"] = ["Alpha", "Bravo", "Charlie", "Delta"]
            value["allow_other"] = kind == "multiple_choice"
        if kind == "about_you":
            value["profile"] = ["respondent_type", "area"][i % 2]
        blocks.append({"type": kind, "value": value, "id": str(uuid.uuid4())})
    now = timezone.now()
    page = ConsultationPage(
        title="Bench results",
        slug="bench-results",
        summary="Benchmark",
        run_by="Bench",
        contact_email="bench@example.org",
        opens_at=now - timedelta(days=60),
        closes_at=now + timedelta(days=1),
        questions=json.dumps(blocks),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    questions = page.question_list
    rng = random.Random(1)
    batch = 5000
    with transaction.atomic():
        for start in range(0, count, batch):
            made = Response.objects.bulk_create(
                [
                    Response(
                        consultation=page,
                        status=ResponseStatus.SUBMITTED,
                        reference=f"B-{start + i:08d}",
                        idempotency_key=uuid.uuid4(),
                        submitted_at=(moment := now - timedelta(minutes=rng.randrange(60 * 24 * 50))),
                        submitted_on=timezone.localdate(moment),
                        contact_email="someone@example.org",
                    )
                    for i in range(min(batch, count - start))
                ]
            )
            if made[0].pk is None:
                made = list(Response.objects.filter(consultation=page).order_by("-id")[: len(made)])
            answers = []
            for response in made:
                for q in questions:
                    if q.is_text:
                        answers.append(
                            Answer(
                                response=response,
                                consultation=page,
                                counted=True,
                                question_id=q.id,
                                value_text="It took far too long.",
                            )
                        )
                    else:
                        answers.append(
                            Answer(
                                response=response,
                                consultation=page,
                                counted=True,
                                question_id=q.id,
                                value_choice=rng.choice(q.choices),
                            )
                        )
            Answer.objects.bulk_create(answers, batch_size=5000)
    return page


def main() -> int:
    setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from consultations.exports import response_rows
    from consultations.selectors import results_for_consultation
    from forum_site.core.exports import cell_safe

    t0 = time.perf_counter()
    page = build(RESPONSES)
    built = time.perf_counter() - t0
    profile = next(q for q in page.question_list if q.is_profile)

    results_for_consultation(consultation=page)  # warm the OS page cache
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.perf_counter()
        results = results_for_consultation(consultation=page)
        summary_s = time.perf_counter() - t0
    summary_queries = len(ctx.captured_queries)
    t0 = time.perf_counter()
    results_for_consultation(consultation=page, compare_question_id=profile.id)
    crosstab_s = time.perf_counter() - t0

    import csv
    import io

    tracemalloc.start()
    t0 = time.perf_counter()
    rows = 0
    sink = io.StringIO()
    writer = csv.writer(sink)
    for row in response_rows(consultation=page):
        writer.writerow([cell_safe(v) for v in row])
        sink.seek(0)
        sink.truncate()
        rows += 1
    export_s = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    peak_mb = peak / 1024 / 1024
    ok_summary = summary_s <= 1.0
    ok_memory = peak_mb <= 50
    print(
        f"results data: {results.total:,} responses x {QUESTIONS} questions ({connection.vendor}; built/reused in {built:.1f} s)"
    )
    print(
        f"results summary: {summary_s * 1000:.0f} ms, {summary_queries} queries "
        f"(target <= 1000 ms): {'PASS' if ok_summary else 'FAIL'}; with a cross-tabulation: {crosstab_s * 1000:.0f} ms"
    )
    print(
        f"CSV export: {rows - 1:,} rows in {export_s:.1f} s, peak memory growth {peak_mb:.1f} MB "
        f"(target <= 50 MB): {'PASS' if ok_memory else 'FAIL'}"
    )
    return 0 if ok_summary and ok_memory else 1


if __name__ == "__main__":
    sys.exit(main())
