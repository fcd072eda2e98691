"""CPU per request of the scale bench's pages, in process: a page's own cost, without a server.

Calls the portal's WSGI handler (`anphu_portal.wsgi.application`, as gunicorn does: a
current page answered before Django's handler) directly, no gunicorn, no wrk, one request
at a time, on the database `make bench` filled, and prints each page's cost per request:
from the page cache (a hit) and rendered (page cache off, fragments kept).

- By default CPU time (time.process_time), best of five runs of --requests requests: on a
  shared machine the figure least disturbed by other work; compare two commits by
  alternating their runs.
- With --instructions, the instructions executed per request, counted by valgrind's
  callgrind (Debian package valgrind) around the requests only: repeatable within about
  2% from one run to the next, where CPU time moves by 15-20%. Each page and mode runs in
  a process of its own under valgrind (about a minute each).

--user-agent sends a browser's user agent, so a hit is a counted view (wrk sends none).
--gzip sends "Accept-Encoding: gzip", as browsers do: a hit is then sent compressed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu_bench \\
    REDIS_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/cpu_pages.py \\
        [--pages home,article] [--requests 200] [--instructions] [--user-agent "Mozilla/5.0 …"] \\
        [--gzip]
"""

import argparse
import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.explain_pages import WRK_PAGES  # noqa: E402
from bench.fill_units import bench_host  # noqa: E402

HOST = bench_host(1)
RUNS = 5


def environ(url: str, user_agent: str | None = None, gzip: bool = False) -> dict:
    path, _, query = url.partition("?")
    extra = {"HTTP_USER_AGENT": user_agent} if user_agent else {}
    if gzip:
        extra["HTTP_ACCEPT_ENCODING"] = "gzip"
    return {
        **extra,
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


def asker(application, url: str, user_agent: str | None, gzip: bool = False):
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def ask():
        response = application(environ(url, user_agent, gzip), start_response)
        b"".join(response)
        if hasattr(response, "close"):
            response.close()
        return statuses[-1]

    for _ in range(20):  # templates compiled, page and fragments cached, connections open
        ask()
    return ask


def cpu_per_request(ask, requests: int) -> tuple[str, float]:
    """Return the page's status and its best CPU microseconds per request over RUNS runs."""
    best = float("inf")
    for _ in range(RUNS):
        started = time.process_time()
        for _ in range(requests):
            status = ask()
        best = min(best, (time.process_time() - started) / requests * 1e6)
    return status, best


def count_one(ask, requests: int) -> None:
    """Run `requests` requests with callgrind's instrumentation on (this process is in it)."""
    pid = str(os.getpid())
    subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
    for _ in range(requests):
        ask()
    subprocess.run(["callgrind_control", "-i", "off", pid], check=True, capture_output=True)


def instructions(name: str, mode: str, requests: int, user_agent: str | None, gzip: bool) -> int:
    """Return the instructions per request of one page in one mode, run under valgrind."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--pages",
            name,
            "--requests",
            str(requests),
            "--count-one",
            mode,
        ]
        if user_agent:
            command += ["--user-agent", user_agent]
        if gzip:
            command.append("--gzip")
        subprocess.run(command, check=True, capture_output=True)
        totals = re.search(r"^totals: (\d+)", out.read_text(), re.MULTILINE)
        return int(totals[1]) // requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help=f"comma-separated, among: {', '.join(WRK_PAGES)}")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--instructions", action="store_true", help="count them (valgrind)")
    parser.add_argument("--user-agent", help="a browser's, so that each hit is a counted view")
    parser.add_argument("--gzip", action="store_true", help='send "Accept-Encoding: gzip"')
    parser.add_argument("--count-one", choices=["cached", "rendered"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    names = args.pages.split(",") if args.pages else list(WRK_PAGES)
    rendered_requests = max(20, args.requests // 10)
    if args.instructions:
        print(f"| page | cached instructions | rendered instructions | ({args.requests} hits)")
        print("|---|---|---|")
        for name in names:
            cached = instructions(name, "cached", args.requests, args.user_agent, args.gzip)
            rendered = instructions(name, "rendered", rendered_requests, args.user_agent, args.gzip)
            print(f"| {name} `{WRK_PAGES[name]}` | {cached:,} | {rendered:,} |")
        return 0
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/anphu_bench")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/2")
    os.environ.update(
        DJANGO_DEBUG="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS=f"127.0.0.1,{HOST}",
        DJANGO_SETTINGS_MODULE="anphu_portal.settings",
    )
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "c4Rv8Np1" * 5)
    from django.test.utils import override_settings

    from anphu_portal.wsgi import application

    if args.count_one:
        rendered = args.count_one == "rendered"
        with override_settings(PAGE_CACHE_SECONDS=0) if rendered else contextlib.nullcontext():
            ask = asker(application, WRK_PAGES[names[0]], args.user_agent, args.gzip)
            count_one(ask, args.requests)
        return 0
    print(f"| page | cached µs | rendered µs | ({args.requests} requests, best of {RUNS} runs)")
    print("|---|---|---|")
    for name in names:
        url = WRK_PAGES[name]
        ask = asker(application, url, args.user_agent, args.gzip)
        _, cached = cpu_per_request(ask, args.requests)
        with override_settings(PAGE_CACHE_SECONDS=0):
            ask = asker(application, url, args.user_agent, args.gzip)
            status, rendered = cpu_per_request(ask, rendered_requests)
        print(f"| {name} `{url}` ({status.split()[0]}) | {cached:.0f} | {rendered:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
