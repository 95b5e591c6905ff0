"""Demo pages for `load_demo_data`: the home page, the standard pages and the navigation."""

from __future__ import annotations

import json

from django.db import transaction
from wagtail.models import Page, Site

from forum_site.core.models import NavigationSettings
from forum_site.home.models import HomePage, StandardPage

from .consultations import consultation_index_load
from .content import pages as demo_content

FOOTER_SLUGS = ["about", "privacy", "accessibility", "contact"]
MAIN_NAV_SLUGS = ["consultations", "about", "contact"]


def _stream(blocks) -> str:
    return json.dumps([{"type": block_type, "value": value} for block_type, value in blocks])


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _home_page() -> tuple[HomePage, bool]:
    existing = HomePage.objects.first()
    if existing:
        return existing, False
    root = Page.get_first_root_node()
    # Wagtail's migrations leave a "Welcome to Wagtail" placeholder at /home/; replace it.
    for placeholder in root.get_children().filter(slug="home", content_type__model="page"):
        placeholder.delete()
    home = HomePage(
        title=demo_content.HOME["title"],
        slug="home",
        intro=demo_content.HOME["intro"],
        body=_stream(demo_content.HOME["body"]),
    )
    root.add_child(instance=home)
    _publish(home)
    return home, True


def _site(home: HomePage) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=demo_content.SITE_NAME
        )
    elif site.root_page_id != home.pk or not site.site_name:
        site.root_page = home
        site.site_name = site.site_name or demo_content.SITE_NAME
        site.save()


def _standard_pages(home: HomePage) -> dict[str, StandardPage]:
    pages = {}
    for spec in demo_content.STANDARD_PAGES:
        page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = StandardPage(title=spec["title"], slug=spec["slug"], intro=spec["intro"], body=_stream(spec["body"]))
            home.add_child(instance=page)
            _publish(page)
        pages[spec["slug"]] = page
    return pages


def _links(pages: dict[str, StandardPage], slugs: list[str]) -> str:
    return json.dumps(
        [{"type": "link", "value": {"page": pages[s].pk, "url": "", "label": ""}} for s in slugs if s in pages]
    )


def _navigation(pages: dict[str, StandardPage]) -> None:
    nav = NavigationSettings.load()
    changed = False
    if not nav.main_navigation:
        nav.main_navigation = _links(pages, MAIN_NAV_SLUGS)
        changed = True
    if not nav.footer_navigation:
        nav.footer_navigation = _links(pages, FOOTER_SLUGS)
        changed = True
    if not nav.footer_text:
        nav.footer_text = demo_content.FOOTER_TEXT
        changed = True
    if changed:
        nav.save()


def navigation_add(*pages) -> None:
    """Add links to these pages (the forum, the tracker) to the main navigation, once."""
    nav = NavigationSettings.load()
    linked = {block.value["page"].pk for block in nav.main_navigation if block.value.get("page")}
    missing = [page for page in pages if page.pk not in linked]
    if missing:
        raw = list(nav.main_navigation.raw_data) + [
            {"type": "link", "value": {"page": page.pk, "url": "", "label": ""}} for page in missing
        ]
        nav.main_navigation = json.dumps([{"type": b["type"], "value": b["value"]} for b in raw])
        nav.save()


@transaction.atomic
def demo_pages_load() -> HomePage:
    home, _ = _home_page()
    _site(home)
    pages = _standard_pages(home)
    pages["consultations"] = consultation_index_load(home)
    _navigation(pages)
    return home
