from wagtail import hooks

from .cache import serve_marking

# Every page Wagtail serves passes here: a page with AnonymousCacheMixin marks its request for the
# anonymous page cache (core/cache.py), whether it is a plain page or a routable page's sub-URL.
hooks.register("on_serve_page", serve_marking)
