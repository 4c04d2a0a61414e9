"""Checking pages on a Dask cluster (``medcheck check --cluster ADDRESS``).

    runner.py  the engine's runner: connects, scatters the settings once, sends pages in
               batches, collects results (the engine keeps discovery, cache and order)
    worker.py  what runs in a worker process: the batch task and the WorkerPlugin that
               owns that worker's LanguageTool server
    guard.py   the launcher put before Java, which stops the server when its worker dies

Dask is an optional dependency (``pip install 'medcheck[cluster]'``); nothing here is
imported unless --cluster is given.
"""

from ..engine import InputError


class ClusterError(InputError):
    """The cluster cannot be used (exit 2): Dask missing, the scheduler unreachable."""


def connect(address: str, *, batch_size: int | None = None):
    """A runner for ``engine.run(runner=...)`` on the cluster at ``address``."""
    from .runner import ClusterRunner

    return ClusterRunner.connect(address, batch_size=batch_size)
