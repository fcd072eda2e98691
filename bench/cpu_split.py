"""CPU per request under wrk, split by process: where a cached page's time goes.

Requests/s on a shared 2-core machine move by a third within minutes; the CPU each process
spends per request moves much less, and says what limits a page: the portal's gunicorn
workers, Redis (the lookup script's round trip), wrk itself (which reads every byte sent),
nginx when in front, and the rest of the machine (the kernel's loopback work shows up in
the processes that make it). The constant 30 KB ceiling (bench/ceiling) is measured in the
same run, under the same gunicorn settings (gunicorn.conf.py, 2 sync workers, production
settings, workers never replaced during the run).

- --gzip asks the portal's pages with "Accept-Encoding: gzip", as browsers do.
- --nginx puts nginx (Debian package nginx-light or nginx) in front of the portal, with
  `gzip on` as in the README, and measures each page twice: as the portal sends it
  (a cached page compressed by the portal) and with Accept-Encoding taken off the request
  nginx passes on, so that nginx compresses every page itself (the portal before it
  compressed its cached pages). Implies --gzip.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anphu_bench \\
    REDIS_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/cpu_split.py \\
        [--pages home,directory] [--seconds 8] [--rounds 2] [--gzip] [--nginx]

On the database `make bench` filled, with the static files collected (bench_scale.py does
both). Linux only: it reads /proc.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.bench_scale import DEFAULT_DATABASE, DEFAULT_REDIS  # noqa: E402
from bench.explain_pages import WRK_PAGES  # noqa: E402
from bench.fill_units import bench_host  # noqa: E402
from bench.wrk_page_cache import environment, serve  # noqa: E402

HOST = bench_host(1)
TICKS = os.sysconf("SC_CLK_TCK")
NGINX_CONFIG = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  gzip on;
  gzip_vary on;
  gzip_proxied any;
  gzip_min_length 1024;
  server {{
    listen 127.0.0.1:{port};
    location / {{ proxy_pass http://127.0.0.1:{portal}; proxy_set_header Host $host; }}
  }}
  server {{
    listen 127.0.0.1:{bare};
    location / {{
      proxy_pass http://127.0.0.1:{portal};
      proxy_set_header Host $host;
      proxy_set_header Accept-Encoding "";
    }}
  }}
}}
"""


def cpu_seconds(pid: int) -> float:
    """Return the user and system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def machine_seconds() -> float:
    """Return the CPU seconds the whole machine has been busy (not idle, not waiting)."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / TICKS


def children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def redis_pid() -> int | None:
    found = subprocess.run(["pgrep", "-o", "redis-server"], capture_output=True, text=True)
    return int(found.stdout.split()[0]) if found.stdout.strip() else None


def measure(url: str, seconds: int, groups: dict[str, list[int]], headers: list[str]) -> dict:
    """Run wrk on `url`; return requests/s and CPU µs per request of each group of pids."""
    before = {name: sum(cpu_seconds(pid) for pid in pids) for name, pids in groups.items()}
    machine = machine_seconds()
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s"]
    for header in headers:
        command += ["-H", header]
    process = subprocess.Popen([*command, url], stdout=subprocess.PIPE, text=True)
    _pid, _status, usage = os.wait4(process.pid, 0)
    out = process.stdout.read()
    requests = int(re.search(r"(\d+) requests in", out)[1])
    spent = {
        name: sum(cpu_seconds(pid) for pid in pids) - before[name] for name, pids in groups.items()
    }
    spent["wrk"] = usage.ru_utime + usage.ru_stime
    total = machine_seconds() - machine
    spent["rest"] = total - sum(spent.values())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "total": total / requests * 1e6,
        **{name: value / requests * 1e6 for name, value in spent.items()},
    }


def row(name: str, via: str, result: dict, size: int) -> str:
    cells = [f"{result.get(part, 0):.0f}" for part in ("gunicorn", "redis", "nginx", "wrk", "rest")]
    return f"| {name} | {via} | {result['rps']:.0f} | {result['total']:.0f} | {' | '.join(cells)} | {size:,} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--pages", default="home,directory", help=f"among: {', '.join(WRK_PAGES)}")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--gzip", action="store_true", help='ask "Accept-Encoding: gzip"')
    parser.add_argument("--nginx", action="store_true", help="nginx in front (implies --gzip)")
    parser.add_argument("--port", type=int, default=8770)
    args = parser.parse_args()
    gzip = args.gzip or args.nginx
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(BENCH.parent / "gunicorn.conf.py")]
    ceiling_port, portal_port, nginx_port, bare_port = (args.port + n for n in range(4))

    def env(port: int) -> dict:
        values = environment(argparse.Namespace(**{**vars(args), "port": port, "workers": 2}))
        values["DJANGO_ALLOWED_HOSTS"] = f"127.0.0.1,localhost,{HOST}"
        values.update(GUNICORN_LOG_LEVEL="warning", GUNICORN_MAX_REQUESTS="0")
        return values

    ceiling_command = [*gunicorn, "--chdir", str(BENCH / "ceiling"), "ceiling:application"]
    processes = [serve(ceiling_command, BENCH / "ceiling", env(ceiling_port), ceiling_port)]
    folder = tempfile.TemporaryDirectory()
    nginx = None
    try:
        portal_command = [*gunicorn, "anphu_portal.wsgi"]
        portal = serve(portal_command, BENCH.parent, env(portal_port), portal_port, "/healthz")
        processes.append(portal)
        redis = redis_pid()
        vias = {"portal": portal_port}
        if args.nginx:
            config = Path(folder.name) / "nginx.conf"
            config.write_text(
                NGINX_CONFIG.format(
                    folder=folder.name, port=nginx_port, bare=bare_port, portal=portal_port
                )
            )
            subprocess.run(["nginx", "-c", str(config)], check=True)
            nginx = config
            time.sleep(0.5)
            nginx_master = int((Path(folder.name) / "nginx.pid").read_text())
            vias = {"nginx, page as sent": nginx_port, "nginx compresses": bare_port}
        headers = [f"Host: {HOST}"] + (["Accept-Encoding: gzip"] if gzip else [])
        print(f"{os.cpu_count()} cores; CPU µs per request; wrk -t2 -c16 -d{args.seconds}s")
        print("| page | via | rps | total | gunicorn | redis | nginx | wrk | rest | bytes |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for _ in range(args.rounds):
            ceiling_url = f"http://127.0.0.1:{ceiling_port}/"
            size = len(urllib.request.urlopen(ceiling_url, timeout=60).read())
            groups = {"gunicorn": children(processes[0].pid)}
            ceiling = measure(ceiling_url, args.seconds, groups, [])
            print(row("ceiling (30 KB)", "gunicorn", ceiling, size), flush=True)
            for name in args.pages.split(","):
                for via, port in vias.items():
                    url = f"http://127.0.0.1:{port}{WRK_PAGES[name]}"
                    for _ in range(3):  # cached by now
                        request = urllib.request.Request(
                            url, headers=dict(h.split(": ") for h in headers)
                        )
                        size = len(urllib.request.urlopen(request, timeout=60).read())
                    groups = {"gunicorn": children(portal.pid)}
                    if redis is not None:
                        groups["redis"] = [redis]
                    if nginx is not None:
                        groups["nginx"] = children(nginx_master)
                    print(
                        row(name, via, measure(url, args.seconds, groups, headers), size),
                        flush=True,
                    )
    finally:
        if nginx is not None:
            subprocess.run(["nginx", "-c", str(nginx), "-s", "stop"], check=False)
        for process in processes:
            process.terminate()
            process.wait()
        folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
