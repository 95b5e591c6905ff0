"""The demo's words, as plain data: no Django, no Wagtail."""
