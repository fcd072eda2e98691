"""The "ceiling": a bare Django project whose one view returns a constant 30 KB page.

Only the security and common middleware, no database. Served under the same gunicorn
settings as the portal, its requests/s is what Django itself allows on this machine:
`gunicorn -c gunicorn.conf.py --chdir bench/ceiling ceiling:application`.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

BODY = ("<p>" + "An Phú " * 12 + "</p>\n").encode() * 330  # About 30 KB.

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "ceiling-bench-only-" + "x" * 40),
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
    ],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_TZ=True,
)


def page(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", page)]

application = get_wsgi_application()
