"""Which app may import which: read from the source, so a new import of an app above shows up here.

The layers, bottom up: core; accounts; moderation and notifications (they know no kind of content);
the content apps (home, discussions, consultations, recommendations); the demo app on top. An app
imports only what is below it, and a mechanism below learns about the apps above through their
registrations (AppConfig.ready()), never an import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

APPS = {
    "forum_site.core": "core",
    "forum_site.accounts": "accounts",
    "forum_site.moderation": "moderation",
    "forum_site.notifications": "notifications",
    "forum_site.home": "home",
    "forum_site.discussions": "discussions",
    "forum_site.demo": "demo",
    "consultations": "consultations",
    "recommendations": "recommendations",
}
DOMAIN_APPS = {"home", "discussions", "consultations", "recommendations", "demo"}

# What each lower app may import, besides itself, Django, Wagtail and other third-party packages.
# moderation and notifications sit side by side and import neither each other nor any kind of content:
# the owning apps connect the two (their post_published receivers call notifications).
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "moderation": {"core", "accounts"},
    "notifications": {"core", "accounts"},
}


def app_of(module: str) -> str | None:
    for prefix in sorted(APPS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return APPS[prefix]
    return None


def _imported_modules(path: Path, module: str) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth (lazy imports inside functions count too)."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                found.append((node.lineno, ".".join([*base, *([node.module] if node.module else [])])))
            else:
                found.append((node.lineno, node.module or ""))
    return found


def _apps_imported_by(app: str) -> dict[str, list[str]]:
    """{imported app: ["file:line", ...]} for an app's code; migrations are history and are left out."""
    prefix = next(prefix for prefix, name in APPS.items() if name == app)
    folder = ROOT.joinpath(*prefix.split("."))
    imported: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        if "migrations" in path.relative_to(folder).parts:
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for line, name in _imported_modules(path, module):
            target = app_of(name)
            if target and target != app:
                imported.setdefault(target, []).append(f"{path.relative_to(ROOT)}:{line}")
    return imported


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_lower_apps_import_nothing_above_them(app):
    imported = _apps_imported_by(app)
    above = {target: places for target, places in imported.items() if target not in ALLOWED[app]}
    assert above == {}, f"{app} imports apps above it: {above}"


def test_core_imports_no_domain_app():
    assert not DOMAIN_APPS & set(_apps_imported_by("core"))


def test_the_demo_app_is_never_installed_in_production():
    """Only the dev, test and bench settings add forum_site.demo; production builds on base alone."""
    from forum_site.settings import base

    assert "forum_site.demo" not in base.INSTALLED_APPS
    production = (ROOT / "forum_site" / "settings" / "production.py").read_text(encoding="utf-8")
    assert "forum_site.demo" not in production and "INSTALLED_APPS" not in production


def test_the_reader_sees_lazy_and_relative_imports(tmp_path):
    """The check itself can fail: a lazy import inside a function and a relative import are both read."""
    source = tmp_path / "views.py"
    source.write_text(
        "def view():\n    from forum_site.discussions.models import Topic\n\nfrom ..accounts import roles\n",
        encoding="utf-8",
    )
    names = [name for _, name in _imported_modules(source, "forum_site.moderation.views")]
    assert sorted(app_of(name) for name in names) == ["accounts", "discussions"]
