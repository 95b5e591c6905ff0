"""The site's URLs plus one view behind `member_required`, to test the decorator through real requests."""

from django.http import HttpResponse
from django.urls import path

from forum_site.accounts.decorators import member_required
from forum_site.urls import urlpatterns as site_urlpatterns


@member_required
def member_only(request):
    return HttpResponse("You can take part")


urlpatterns = [path("member-only/", member_only, name="member-only"), *site_urlpatterns]
