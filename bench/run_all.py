"""Run the scale bench, then every other bench/bench_*.py script, and report which failed.

Usage: python bench/run_all.py [--skip-others] [bench_scale.py options]   (or `make bench`,
with BENCH_ARGS="--seconds 5 --skip-fill --skip-others" for a quick run)
"""

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
FIRST = "bench_scale.py"


def run(script: Path, arguments: list[str]) -> int:
    print(f"=== {script.name}", flush=True)
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(script), *arguments], cwd=BENCH.parent)
    print(f"=== {script.name}: exit {result.returncode}, {time.monotonic() - started:.0f} s\n")
    return result.returncode


def main() -> int:
    arguments = sys.argv[1:]
    skip_others = "--skip-others" in arguments
    scale_arguments = [argument for argument in arguments if argument != "--skip-others"]
    failed = []
    if run(BENCH / FIRST, scale_arguments) != 0:
        failed.append(FIRST)
    if not skip_others:
        for script in sorted(BENCH.glob("bench_*.py")):
            if script.name != FIRST and run(script, []) != 0:
                failed.append(script.name)
    if failed:
        print("Failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
