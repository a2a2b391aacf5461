"""Scale out on Dask: the per-article jobs run on a Dask distributed cluster.

``kg build --scheduler tcp://host:8786`` connects to a running scheduler;
``--scheduler local:N`` starts a local cluster of N worker processes for the
build (one thread each: the analysis is CPU-bound Python). Only the
per-article function (:func:`graph.build.runner.run_job`) runs on the workers;
the steps across articles, the store and the exports stay in the build's own
process, so the result is the same bytes as a build on one machine. Workers
read the input files and write their results to the output folder's
``.kg/`` directory, so on a real cluster both must be on a shared file system
(docs/scale.md).

>>> parse_scheduler("local:2"), parse_scheduler("tcp://10.0.0.5:8786")
(('local', 2), ('address', 'tcp://10.0.0.5:8786'))
>>> parse_scheduler("local:zero")
Traceback (most recent call last):
graph.errors.BuildError: --scheduler local:zero: give local:N with N workers (N >= 1), or a scheduler address such as tcp://host:8786 [E308]
"""

from __future__ import annotations

from typing import Any

from graph.errors import BuildError, Errors

__all__ = ["connect", "parse_scheduler"]


def parse_scheduler(spec: str) -> tuple[str, object]:
    if spec.startswith("local"):
        _, _, n = spec.partition(":")
        if not n.isdigit() or int(n) < 1:
            raise BuildError(Errors.E308.format(spec=spec))
        return "local", int(n)
    if "://" not in spec:
        raise BuildError(Errors.E308.format(spec=spec))
    return "address", spec


def connect(spec: str) -> tuple[Any, Any]:
    """A Dask client for ``spec`` and the local cluster it started (or None)."""
    kind, value = parse_scheduler(spec)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise BuildError(Errors.E309.format(spec=spec)) from None
    if kind == "local":
        cluster = LocalCluster(n_workers=value, threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                               dashboard_address=None, silence_logs=40)
        return Client(cluster), cluster  # type: ignore[no-untyped-call]
    try:
        return Client(value, timeout="20s"), None  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise BuildError(Errors.E310.format(spec=spec, reason=exc)) from None
