"""gunicorn settings of the portal: `gunicorn -c gunicorn.conf.py anphu_portal.wsgi`.

Every value can be changed from the environment; the defaults suit a 2-core server behind
nginx on the same machine. Each server of several behind one nginx runs the same file.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


# One worker per core plus one, so a core is busy while another worker waits on the
# database or Redis: 3 on a 2-core server. Each worker is a process of about 100 MB.
workers = _int("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1)
# Threads share a worker's memory; with more than one, gunicorn's threaded worker serves
# them. Pages are mostly CPU work in Python, so extra threads help only while requests
# wait on the database or on slow clients (nginx in front buffers those).
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").split(",")]
# A request that takes longer is killed and its worker restarted (the log says so).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Keep-alive only matters for the proxy's connections; nginx reuses them when told to.
keepalive = 5

# A worker is replaced after this many requests (spread by the jitter, so they are not all
# replaced at once): any memory a long-running worker collects is given back. Not much
# fewer: a cached page takes about a millisecond, so at 2,000 a busy worker was replaced
# every few seconds and spent its time starting (11 restarts in a 10 s wrk run).
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)

# Load Django once in the master, then fork: workers start fast and share the loaded code's
# memory. Django opens no database or cache connection while loading, so nothing is shared
# between workers. A code upgrade then needs a restart of gunicorn (not a HUP).
preload_app = _flag("GUNICORN_PRELOAD", True)

# One line per request on standard output (systemd's journal keeps it), errors on stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Request time in microseconds (%(D)s) at the end of the usual combined format.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)s'

# Django reads X-Forwarded-Proto itself (SECURE_PROXY_SSL_HEADER); gunicorn only trusts it
# from these addresses: the nginx in front.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "anphu-portal"
# Workers' heartbeat files in memory, never on a slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
