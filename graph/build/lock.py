"""One build at a time per output folder: an advisory lock on ``<out>/.kg/lock``.

The lock is held by the open file, so a build that is killed releases it at
once; the file keeps the holder's pid for the message a second build prints.

>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> with BuildLock(out):
...     BuildLock(out).__enter__()  # doctest: +ELLIPSIS
Traceback (most recent call last):
graph.errors.BuildError: another build is running in ... (pid ...); wait for it or stop it [E302]
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from graph.errors import BuildError, Errors

__all__ = ["BuildLock"]


class BuildLock:
    def __init__(self, out: Path):
        self.out = Path(out)
        self.path = self.out / ".kg" / "lock"
        self.fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise BuildError(Errors.E302.format(out=self.out, pid=pid)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
