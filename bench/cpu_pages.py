"""CPU per request of the scale bench's pages, in process: a page's own cost, without a server.

Calls Django's WSGI handler directly (no gunicorn, no wrk), one request at a time, on the
database `make bench` filled, and prints each page's CPU time per request
(time.process_time): from the page cache (a hit) and rendered (page cache off, fragments
kept). Best of five runs of --requests requests: on a shared machine the figure least
disturbed by other work; compare two commits by alternating their runs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu_bench \\
    REDIS_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/cpu_pages.py \\
        [--pages home,article] [--requests 200]
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.explain_pages import WRK_PAGES  # noqa: E402
from bench.fill_units import bench_host  # noqa: E402

HOST = bench_host(1)
RUNS = 5


def environ(url: str) -> dict:
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": HOST,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def cpu_per_request(application, url: str, requests: int) -> tuple[str, float]:
    """Return the page's status and its best CPU microseconds per request over RUNS runs."""
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def ask():
        response = application(environ(url), start_response)
        b"".join(response)
        response.close()

    for _ in range(20):  # templates compiled, page and fragments cached, connections open
        ask()
    best = float("inf")
    for _ in range(RUNS):
        started = time.process_time()
        for _ in range(requests):
            ask()
        best = min(best, (time.process_time() - started) / requests * 1e6)
    return statuses[-1], best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help=f"comma-separated, among: {', '.join(WRK_PAGES)}")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anphu_bench")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/2")
    os.environ.update(
        DJANGO_DEBUG="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS=f"127.0.0.1,{HOST}",
        DJANGO_SETTINGS_MODULE="anphu_portal.settings",
    )
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "c4Rv8Np1" * 5)
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    application = get_wsgi_application()
    names = args.pages.split(",") if args.pages else list(WRK_PAGES)
    print(f"| page | cached µs | rendered µs | ({args.requests} requests, best of {RUNS} runs)")
    print("|---|---|---|")
    for name in names:
        url = WRK_PAGES[name]
        _, cached = cpu_per_request(application, url, args.requests)
        with override_settings(PAGE_CACHE_SECONDS=0):
            status, rendered = cpu_per_request(application, url, max(20, args.requests // 10))
        print(f"| {name} `{url}` ({status.split()[0]}) | {cached:.0f} | {rendered:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
