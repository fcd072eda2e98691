"""The scale bench: the portal's pages at 100,000 articles, under gunicorn, against the ceiling.

Fills the database (bench/fill_scale.py, kept between runs), collects the static files,
starts gunicorn (gunicorn.conf.py, production settings, 2 sync workers) and runs
`wrk -t2 -c16 --latency` on each page three times: from the page cache, then rendered
(page cache off: DJANGO_PAGE_CACHE_SECONDS=0, fragments kept by section version), then with
no fragments either (DJANGO_FRAGMENT_CACHE_SECONDS=0), and on the constant 30 KB "ceiling"
in the same run. Also counts each page's SQL queries in process (page cache off) and reads the
workers' memory before stopping them. Prints a markdown table and writes it to
bench/RESULTS.md.

    .venv/bin/python bench/bench_scale.py [--database-url postgres://…] [--redis-url redis://…]
        [--seconds 15] [--skip-fill] [--pages home,article]

DATABASE_URL and REDIS_URL are read from the environment too; the database is created
when missing (default postgres://postgres@127.0.0.1:5432/anphu_bench). It is filled, never
emptied: give it a database of its own, and a Redis database of its own (it is cleared).
"""

import argparse
import os
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.explain_pages import WRK_PAGES, page_queries, setup_django  # noqa: E402
from bench.fill_scale import Sizes  # noqa: E402
from bench.fill_units import bench_host  # noqa: E402
from bench.wrk_page_cache import environment, serve, wrk  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/anphu_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/2"
HOST = bench_host(1)


def create_database(url: str) -> None:
    """Create the PostgreSQL database of `url` when it does not exist yet."""
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(args, env: dict) -> float | None:
    """Migrate, fill and collect the static files; return the fill's seconds."""
    from django.core.cache import cache

    cache.clear()  # What another database left there (unit ids, pages) would be wrong here.
    python = sys.executable
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [python, "manage.py", *step],
            cwd=BENCH.parent,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if args.skip_fill:
        return None
    from bench.fill_scale import Sizes, fill_scale

    return fill_scale(Sizes(articles=args.articles))


def worker_memory(master: int) -> list[int]:
    """Return the resident memory (MB) of the gunicorn master's workers."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) // 1024)
    return sizes


def run_pages(args, env: dict, pages: dict) -> tuple[dict, list[int]]:
    """Serve the portal with `env` and run wrk on every page; return results and RSS."""
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(BENCH.parent / "gunicorn.conf.py")]
    process = serve([*gunicorn, "anphu_portal.wsgi"], BENCH.parent, env, args.port, "/healthz")
    results = {}
    try:
        for name, page in pages.items():
            url = f"http://127.0.0.1:{args.port}{page}"
            for _ in range(3):  # Cached by now, when the cache is on.
                request = urllib.request.Request(url, headers={"Host": HOST})
                try:
                    urllib.request.urlopen(request, timeout=60).read()
                except urllib.error.HTTPError:
                    pass  # A page missing here (page 500 of 1,000 articles): wrk counts it.
            results[name] = wrk(url, args.seconds, None, host=HOST)
        memory = worker_memory(process.pid)
    finally:
        process.terminate()
        process.wait()
    return results, memory


def run_ceiling(args, env: dict) -> dict:
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(BENCH.parent / "gunicorn.conf.py")]
    command = [*gunicorn, "--chdir", str(BENCH / "ceiling"), "ceiling:application"]
    process = serve(command, BENCH / "ceiling", env, args.port)
    try:
        return wrk(f"http://127.0.0.1:{args.port}/", args.seconds, None)
    finally:
        process.terminate()
        process.wait()


def count_queries(pages: dict) -> dict:
    """Return the SQL queries of each page rendered in process, page cache off, with its
    fragments kept, then without fragments ("3 / 5")."""
    from django.test.utils import override_settings

    counts = {}
    for name, url in pages.items():
        status, queries = page_queries(url)
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            _, cold = page_queries(url)
        counts[name] = f"{len(queries)} / {len(cold)}"
        if status != 200:
            counts[name] += f" ({status})"
    return counts


def table(pages, cached, rendered, cold, ceiling, queries) -> list[str]:
    def cells(result):
        ratio = result["rps"] / ceiling["rps"]
        errors = f"{result['errors']}" + (
            f" ({result['timeouts']} t/o)" if result["timeouts"] else ""
        )
        return f"{result['rps']:.0f} | {result['p50']} | {result['p99']} | {errors} | {ratio:.3f}"

    lines = [
        "| page | cached rps | p50 | p99 | non-2xx | ratio | rendered rps | p50 | p99 "
        "| non-2xx | ratio | no fragments rps | p50 | p99 | non-2xx | ratio | queries |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, url in pages.items():
        lines.append(
            f"| {name} `{url}` | {cells(cached[name])} | {cells(rendered[name])} "
            f"| {cells(cold[name])} | {queries[name]} |"
        )
    lines.append(f"| ceiling (30 KB) | {cells(ceiling)} |{' |' * 11}")
    return lines


def report(args, lines: list[str], fill_seconds, memory: dict, ceiling: dict) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=BENCH.parent, capture_output=True, text=True
    ).stdout.strip()
    command = " ".join(shlex.quote(part) for part in sys.argv)
    fill = f"{fill_seconds:.0f} s" if fill_seconds is not None else "skipped"
    header = [
        "# Scale bench (`make bench`)",
        "",
        f"- {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit}, {os.cpu_count()} cores, "
        f"gunicorn {args.workers} sync workers, `wrk -t2 -c16 -d{args.seconds}s --latency`",
        f"- command: `{command}`",
        f"- data: unit 1 with {args.articles:,} articles, 500 contacts, 20,000 documents, "
        "50,000 questions, 2,000 schedule entries; 2,000 procedures; 99 units of 1,000 "
        "articles",
        f"- fill: {fill}; ceiling {ceiling['rps']:.0f} requests/s",
        f"- worker RSS after the run (MB): cached {memory['cached']}, "
        f"rendered {memory['rendered']}, no fragments {memory['cold']} (target < 150)",
        "- rendered: page cache off, fragments kept (the header, hotline boxes, home news, "
        "news list pages, the article, the procedure, procedure and document list pages, "
        "directory, filter counts: rebuilt only when their sections change), as after an "
        "edit of another section; no fragments: both off, every part built by every request",
        "- queries: per request, in process, page cache off, with fragments / without; t/o: "
        "requests past wrk's 2 s timeout, left out of p50/p99",
        "- figures from a shared machine: noisy, compare ratios within one run",
        "",
    ]
    return "\n".join([*header, *lines, ""])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--port", type=int, default=8732)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--skip-fill", action="store_true", help="use the database as it is")
    parser.add_argument("--pages", help=f"comma-separated, among: {', '.join(WRK_PAGES)}")
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument(
        "--articles",
        type=int,
        default=Sizes.articles,
        help="articles of unit 1 (a database of its own: 1000 for the flat-cost comparison)",
    )
    args = parser.parse_args()
    pages = {name: WRK_PAGES[name] for name in args.pages.split(",")} if args.pages else WRK_PAGES
    create_database(args.database_url)
    env = environment(args)
    env["DJANGO_ALLOWED_HOSTS"] = f"127.0.0.1,localhost,testserver,{HOST}"
    env["GUNICORN_LOG_LEVEL"] = "warning"
    setup_django(env)
    fill_seconds = prepare(args, env)
    queries = count_queries(pages)
    ceiling = run_ceiling(args, env)
    cached, cached_memory = run_pages(args, env, pages)
    uncached = {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"}
    rendered, rendered_memory = run_pages(args, uncached, pages)
    cold, cold_memory = run_pages(args, {**uncached, "DJANGO_FRAGMENT_CACHE_SECONDS": "0"}, pages)
    memory = {"cached": cached_memory, "rendered": rendered_memory, "cold": cold_memory}
    lines = table(pages, cached, rendered, cold, ceiling, queries)
    text = report(args, lines, fill_seconds, memory, ceiling)
    print(text)
    args.output.write_text(text)
    return 0


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"bench_scale: {time.monotonic() - started:.0f} s", file=sys.stderr)
    sys.exit(code)
