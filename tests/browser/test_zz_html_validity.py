"""The W3C Nu Html Checker over the HTML of every page the browser suite checked.

`assert_accessible` (conftest.py) keeps a copy of each page it checks; this module runs last (pytest
takes files in name order) and hands them all to vnu.jar (the npm package `vnu-jar`, run on Java).
It opens a few pages itself first, so it checks real pages even when run on its own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import html_snapshot_dir

pytestmark = pytest.mark.browser

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Messages that come from Wagtail's own admin markup, not from our templates, and only on admin pages.
# Each entry: (a fragment of the file name, i.e. of the URL path, a fragment of the message), and why.
WAGTAIL_MARKUP = [
    # Wagtail's keyboard-shortcuts dialog (wagtailadmin/shared/keyboard_shortcuts_dialog.html), on every
    # admin page: its table rows carry colspan.
    ("admin", "Attribute “colspan” not allowed on element “tr”"),
    # Wagtail's sidebar account toggle: a <div> inside a <button>.
    ("admin", "Element “div” not allowed as child of element “button”"),
]


def _ours(message: dict) -> bool:
    name = Path(message.get("url", "")).name
    return not any(path in name and text in message.get("message", "") for path, text in WAGTAIL_MARKUP)


def test_every_checked_page_is_valid_html(page, assert_accessible):
    java = shutil.which("java")
    assert java, "the Nu Html Checker needs Java (apt-get install default-jre-headless)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: make install runs npm ci, which installs vnu-jar"

    for path in ("/", "/consultations/", "/accounts/login/"):
        page.goto(path)
        assert_accessible(page)
    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state("load")
    assert_accessible(page)

    directory = html_snapshot_dir()
    files = sorted(directory.glob("*.html"))
    assert len(files) >= 4
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = [m for m in json.loads(result.stderr or '{"messages": []}')["messages"] if m.get("type") == "error"]
    ours = [m for m in messages if _ours(m)]
    report = "\n".join(
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('message')} [{m.get('extract', '').strip()[:80]}]"
        for m in ours[:60]
    )
    assert not ours, f"The Nu Html Checker found {len(ours)} error(s) in {len(files)} pages:\n{report}"
