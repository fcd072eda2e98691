"""Cached pages' requests/s as a share of the ceiling's, measured in turns with the ceiling.

The scale bench (bench_scale.py) runs the ceiling once and then every page; on a shared
machine the ceiling itself moves by a third within minutes, so one page's ratio moves
with the time it ran. Here the portal (gunicorn.conf.py, production settings, 2 sync
workers) and the constant 30 KB ceiling (bench/ceiling) are both up, and each page's short
wrk run is put between two runs of the ceiling: its ratio is to the mean of the two.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu_bench \\
    REDIS_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/wrk_pairs.py \\
        [--pages home,article] [--seconds 5] [--rounds 2] [--rendered] [--gzip]

On the database `make bench` filled. --rendered measures the pages with the page cache off.
--gzip asks the portal's pages with "Accept-Encoding: gzip", as browsers do (a hit is then
sent compressed); the ceiling's constant page is asked as before.
"""

import argparse
import os
import sys
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.bench_scale import DEFAULT_DATABASE, DEFAULT_REDIS  # noqa: E402
from bench.explain_pages import WRK_PAGES  # noqa: E402
from bench.fill_units import bench_host  # noqa: E402
from bench.wrk_page_cache import environment, serve, wrk  # noqa: E402

HOST = bench_host(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--pages", help=f"comma-separated, among: {', '.join(WRK_PAGES)}")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--rendered", action="store_true", help="with the page cache off")
    parser.add_argument("--gzip", action="store_true", help="ask the pages gzip-compressed")
    parser.add_argument("--port", type=int, default=8742)
    args = parser.parse_args()
    names = args.pages.split(",") if args.pages else list(WRK_PAGES)
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(BENCH.parent / "gunicorn.conf.py")]
    ceiling_port, portal_port = args.port, args.port + 1

    def env(port: int) -> dict:
        values = environment(argparse.Namespace(**{**vars(args), "port": port, "workers": 2}))
        values["DJANGO_ALLOWED_HOSTS"] = f"127.0.0.1,localhost,{HOST}"
        values["GUNICORN_LOG_LEVEL"] = "warning"
        if args.rendered:
            values["DJANGO_PAGE_CACHE_SECONDS"] = "0"
        return values

    ceiling_command = [*gunicorn, "--chdir", str(BENCH / "ceiling"), "ceiling:application"]
    ceiling = serve(ceiling_command, BENCH / "ceiling", env(ceiling_port), ceiling_port)
    try:
        portal_command = [*gunicorn, "anphu_portal.wsgi"]
        portal = serve(portal_command, BENCH.parent, env(portal_port), portal_port, "/healthz")
    except BaseException:
        ceiling.terminate()
        raise
    ceiling_url = f"http://127.0.0.1:{ceiling_port}/"
    print(f"| page | ratios to the ceiling ({args.rounds} turns of {args.seconds} s) | rps |")
    print("|---|---|---|")
    try:
        for name in names:
            url = f"http://127.0.0.1:{portal_port}{WRK_PAGES[name]}"
            for _ in range(3):  # cached by now, when the cache is on
                request = urllib.request.Request(url, headers={"Host": HOST})
                urllib.request.urlopen(request, timeout=60).read()
            before = wrk(ceiling_url, args.seconds, None)["rps"]
            ratios, rates = [], []
            for _ in range(args.rounds):
                encoding = "gzip" if args.gzip else None
                rate = wrk(url, args.seconds, None, host=HOST, accept_encoding=encoding)["rps"]
                after = wrk(ceiling_url, args.seconds, None)["rps"]
                ratios.append(rate / ((before + after) / 2))
                rates.append(f"{rate:.0f} (ceiling {before:.0f}/{after:.0f})")
                before = after
            shown = ", ".join(f"{ratio:.3f}" for ratio in ratios)
            print(f"| {name} `{WRK_PAGES[name]}` | {shown} | {'; '.join(rates)} |", flush=True)
    finally:
        for process in (ceiling, portal):
            process.terminate()
            process.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
