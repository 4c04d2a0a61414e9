"""Runs one LanguageTool server as a child, and stops it when the worker process that
started it is gone, even when that worker was killed (SIGKILL runs no clean-up code,
so the worker itself cannot stop its Java child: 1 GB left behind per kill).

    python -m checker.cluster.guard OWNER_PID java -Xmx1g ... HTTPServer --port N

SIGTERM (the worker's normal stop) is passed on to Java; the exit status is Java's.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from ..grammar.server import pid_alive

POLL_SECONDS = 0.5


def main(argv: list[str]) -> int:
    if len(argv) < 2 or not argv[0].isdigit():
        print("usage: python -m checker.cluster.guard OWNER_PID COMMAND...", file=sys.stderr)
        return 2
    owner, command = int(argv[0]), argv[1:]
    parent = os.getppid()
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL)

    def stop(*_: object) -> None:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(5)
        sys.exit(child.returncode if child.returncode is not None else 0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker decides when to stop
    while child.poll() is None:
        # Orphaned (the worker died, we were re-parented) or the owner is gone.
        if os.getppid() != parent or not pid_alive(owner):
            stop()
        time.sleep(POLL_SECONDS)
    return child.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
