"""Run every bench/bench_*.py script in turn and report which ones failed.

Usage: python bench/run_all.py   (or `make bench`)
"""

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(BENCH.glob("bench_*.py")):
        print(f"=== {script.name}", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(script)], cwd=BENCH.parent)
        print(f"=== {script.name}: exit {result.returncode}, {time.monotonic() - started:.0f} s\n")
        if result.returncode != 0:
            failed.append(script.name)
    if failed:
        print("Failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
