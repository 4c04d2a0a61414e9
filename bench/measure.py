"""Run one command and print its wall time, CPU time and peak memory as JSON.

A fresh wrapper per measurement: RUSAGE_CHILDREN then covers exactly that command
and the processes it waited for (medcheck's worker pool included). Peak memory is
the largest single process (ru_maxrss), not the sum of the pool.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                      "maxrss_mb": usage.ru_maxrss / 1024, "exit": proc.returncode,
                      "stderr": proc.stderr.decode("utf-8", "replace")[-2000:]}))


if __name__ == "__main__":
    main()
