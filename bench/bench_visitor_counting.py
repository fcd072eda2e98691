"""Throughput of public pages with visitor counting on and off (gunicorn, 2 workers).

Usage: python bench/bench_visitor_counting.py [--seconds 10] [--clients 8] [--rounds 2]

Uses DATABASE_URL when set, else a temporary SQLite database that this script migrates.
Every request comes from a new visitor (a distinct User-Agent), the costliest case: each
one writes a visitor row, a visit and a page view. Only 127.0.0.1 is contacted.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PATHS = ["/", "/tin-tuc/", "/thu-tuc-hanh-chinh/", "/duong-day-nong/"]
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"
COUNT_PAGE_VIEWS = (
    "from django.db.models import Sum;"
    "from anphu_portal.models import DailyVisitStats as D;"
    "print(D.objects.aggregate(n=Sum('page_views'))['n'] or 0)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir: Path) -> dict[str, str]:
    """Return production-like settings for the server, on a temporary SQLite by default."""
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    """Start gunicorn with 2 workers and wait until the health check answers."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "anphu_portal.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=PROJECT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return server
        except OSError:  # refused, reset or timed out while gunicorn starts
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def load(port: int, *, seconds: float, clients: int, label: str) -> tuple[int, int]:
    """Request pages from `clients` threads for `seconds`; return (successes, errors)."""
    deadline = time.monotonic() + seconds
    results = {"ok": 0, "errors": 0}
    lock = threading.Lock()

    def client(number: int) -> None:
        ok = errors = sent = 0
        while time.monotonic() < deadline:
            path = PATHS[sent % len(PATHS)]
            agent = f"{BROWSER} Bench/{label}-{number}-{sent}"
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{path}", headers={"User-Agent": agent}
            )
            sent += 1
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    ok += response.status == 200
                    errors += response.status != 200
            except OSError:  # HTTP errors, refused or reset connections, timeouts
                errors += 1
        with lock:
            results["ok"] += ok
            results["errors"] += errors

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results["ok"], results["errors"]


def counted_page_views(env: dict[str, str]) -> int:
    """Return the page views recorded so far, read by Django in a separate process."""
    return int(manage(env, "shell", "-c", COUNT_PAGE_VIEWS).split()[-1])


def run_round(env, *, counting: bool, seconds: float, clients: int, label: str) -> float:
    """Serve with counting on or off, load it, and return requests per second."""
    server_env = {**env, "DJANGO_VISITOR_COUNTING": "1" if counting else "0"}
    port = free_port()
    server = start_server(server_env, port)
    try:
        load(port, seconds=1, clients=clients, label=f"warm-{label}")
        before = counted_page_views(env)
        started = time.monotonic()
        ok, errors = load(port, seconds=seconds, clients=clients, label=label)
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
    counted = counted_page_views(env) - before
    rate = ok / elapsed
    mode = "on " if counting else "off"
    print(
        f"  counting {mode}: {ok} pages in {elapsed:.1f} s = {rate:.1f} req/s, "
        f"{errors} errors, {counted} page views counted"
    )
    if counting and counted != ok:
        print(f"  WARNING: {ok} pages served but {counted} counted")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="anphu-bench-") as tmp:
        env = environment(Path(tmp))
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        print(
            f"Visitor counting benchmark: gunicorn, 2 workers, {database}, "
            f"{args.clients} client threads, {args.seconds:g} s per run, new visitor each request"
        )
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        rates = {True: [], False: []}
        for round_number in range(args.rounds):
            for counting in (False, True):
                label = f"{round_number}-{int(counting)}"
                rates[counting].append(
                    run_round(
                        env,
                        counting=counting,
                        seconds=args.seconds,
                        clients=args.clients,
                        label=label,
                    )
                )
        on = sum(rates[True]) / len(rates[True])
        off = sum(rates[False]) / len(rates[False])
        print(f"Throughput with counting on:  {on:.1f} requests/s (mean of {args.rounds} runs)")
        print(f"Throughput with counting off: {off:.1f} requests/s (mean of {args.rounds} runs)")
        print(f"Ratio on/off: {on / off:.2f} ({(1 - on / off) * 100:.1f}% slower with counting)")


if __name__ == "__main__":
    main()
