"""Requests/s of pages served from the page cache, under gunicorn, measured with wrk.

Starts gunicorn (gunicorn.conf.py, production settings) on the portal of `--project` (a
checkout; default this one) with its demo content, warms the pages, runs
`wrk -t2 -c16` on each, then does the same for the constant 30 KB "ceiling" project
(bench/ceiling) and prints requests/s, p50, p99 and the ratio to the ceiling.

    python bench/wrk_page_cache.py --database-url postgres://postgres@127.0.0.1:5432/anphu_bench \
        --redis-url redis://127.0.0.1:6379/11 [--project /path/to/other/checkout]

Not part of `make bench` (bench_*.py): it needs wrk and a database of its own.
"""

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PAGES = ["/", "/tin-tuc/", "/thu-tuc-hanh-chinh/", "/duong-day-nong/"]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


def environment(args) -> dict:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "b7Qx9Lm2" * 5,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": args.database_url,
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_WORKERS": str(args.workers),
    }
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    return env


def wait_for(url: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{url} never answered")


def wrk(
    url: str,
    seconds: int,
    user_agent: str | None,
    host: str | None = None,
    accept_encoding: str | None = None,
) -> dict:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url]
    if accept_encoding:
        command[1:1] = ["-H", f"Accept-Encoding: {accept_encoding}"]
    if user_agent:
        command[1:1] = ["-H", f"User-Agent: {user_agent}"]
    if host:
        command[1:1] = ["-H", f"Host: {host}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    latency = dict(re.findall(r"\s+(50|99)%\s+(\S+)", out))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    # Requests past wrk's 2 s timeout are left out of its latencies: count them.
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", out)
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": int(errors[1]) if errors else 0,
        "timeouts": int(timeouts[1]) if timeouts else 0,
    }


def serve(command: list[str], cwd: Path, env: dict, port: int, ready_path: str = "/"):
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}{ready_path}")
    except SystemExit:
        process.terminate()
        raise
    return process


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=BENCH.parent)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--counted", action="store_true", help="send a browser's user agent")
    parser.add_argument("--skip-setup", action="store_true")
    args = parser.parse_args()
    env = environment(args)
    python = sys.executable
    gunicorn = [python, "-m", "gunicorn", "-c", str(BENCH.parent / "gunicorn.conf.py")]
    if not args.skip_setup:
        for step in (
            ["migrate", "--noinput"],
            ["collectstatic", "--noinput"],
            ["load_demo", "--force"],
        ):
            subprocess.run(
                [python, "manage.py", *step],
                cwd=args.project,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
    agent = BROWSER if args.counted else None
    results = {}
    process = serve([*gunicorn, "anphu_portal.wsgi"], args.project, env, args.port)
    try:
        for page in PAGES:
            url = f"http://127.0.0.1:{args.port}{page}"
            for _ in range(3):
                urllib.request.urlopen(url).read()  # Cached by now.
            results[page] = wrk(url, args.seconds, agent)
    finally:
        process.terminate()
        process.wait()
    process = serve(
        [*gunicorn, "--chdir", str(BENCH / "ceiling"), "ceiling:application"],
        BENCH / "ceiling",
        env,
        args.port,
    )
    try:
        ceiling = wrk(f"http://127.0.0.1:{args.port}/", args.seconds, agent)
    finally:
        process.terminate()
        process.wait()
    print(f"{os.cpu_count()} cores, {args.workers} sync workers, wrk -t2 -c16 -d{args.seconds}s")
    print("| page | requests/s | p50 | p99 | non-2xx | ratio to ceiling |")
    print("|---|---|---|---|---|---|")
    for page, result in [*results.items(), ("ceiling (30 KB)", ceiling)]:
        ratio = result["rps"] / ceiling["rps"]
        print(
            f"| {page} | {result['rps']:.0f} | {result['p50']} | {result['p99']} "
            f"| {result['errors']} | {ratio:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
