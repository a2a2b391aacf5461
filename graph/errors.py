"""Every error a user can cause, with its code: one base class, one catalogue.

Messages are templates in :class:`Errors`; reading one adds its code, so a
user's error line ends with ``[E101]`` and the code can be looked up here. Each
message names the file or thing at fault first.

>>> Errors.E101.format(path="seeds/x.txt")
'seeds/x.txt: no such file or folder [E101]'
>>> raise InputError(Errors.E101.format(path="seeds/x.txt"))
Traceback (most recent call last):
graph.errors.InputError: seeds/x.txt: no such file or folder [E101]
>>> issubclass(InputError, KGError) and InputError(Errors.E101.format(path="a")).code
'E101'
"""

from __future__ import annotations

import re

__all__ = ["BuildError", "Errors", "EvalError", "GraphFileError", "InputError", "KGError", "PushError",
           "QueryError", "StoreError", "ViewError"]


class _WithCodes(type):
    def __getattribute__(cls, name: str) -> str:
        msg: str = super().__getattribute__(name)
        if re.fullmatch(r"[EW]\d{3}", name):
            return f"{msg} [{name}]"
        return msg


class Errors(metaclass=_WithCodes):
    """The catalogue. E1xx read, E2xx store, E3xx build, E4xx query, E5xx evaluate and
    validate, E6xx push, E7xx views, E8xx training."""

    # read
    E101 = "{path}: no such file or folder"
    E102 = "{path}: empty file"
    E103 = "{path}: binary file (NUL bytes), not a text article (UTF-16 and UTF-32 are read with a BOM)"
    E104 = "{path}: not UTF-8 (invalid byte 0x{byte:02x} at offset {offset}), nor Vietnamese in TCVN3 or VNI"
    E105 = "{path}: binary or corrupt content ({count} control characters)"
    E106 = "{path}: cannot read: {reason}"
    E107 = "{path}: not a regular file ({kind}); only regular files are read"
    E108 = "{path}: {size:,} bytes, more than the limit of {limit:,} (--max-file-size)"
    E109 = "{path}: a symbolic link loop"
    E110 = "{path}: a dangling symbolic link (to {target})"
    E111 = "{path}: no article text found in the HTML page"
    E112 = "{source}: line {line}: {problem}"
    E113 = "{path}: an HTML page, and reading HTML needs trafilatura (pip install trafilatura lxml_html_clean)"
    E114 = "{path}: not valid {encoding} ({reason} at byte {offset})"
    # store
    E201 = "{path}: the store is already open read-write by another process (a running `kg build`?); close it, or open it read-only: {reason}"
    E202 = "{path}: cannot open the store: {reason}"
    E203 = "quad outside a named graph: {quad}"
    E204 = "article {key}: quad outside its graphs {prefix}…: {quad}"
    E205 = "{path}: unknown export format {format!r}; use {known}"
    # build
    E301 = "nothing to build: {reason}; nothing was changed"
    E302 = "another build is running in {out} (pid {pid}); wait for it or stop it"
    E303 = "{out}: no space left on the device while writing {what}; nothing was changed"
    E304 = "{out}: cannot write: {reason}; nothing was changed"
    E305 = "--sync would remove all {count} articles of the graph; give the full input, or use `kg remove`"
    E306 = "no article {key!r} in the graph (known: {known})"
    E307 = "{path}: not a build output folder"
    E308 = "--scheduler {spec}: give local:N with N workers (N >= 1), or a scheduler address such as tcp://host:8786"
    E309 = "--scheduler {spec}: Dask is not installed (pip install 'vn-politics-kg[cluster]')"
    E310 = "--scheduler {spec}: cannot reach the scheduler: {reason}"
    # query
    E401 = "{path}: no such store, folder or graph file (build one with `kg build`)"
    E402 = "{what}: {reason}"
    # evaluate and validate
    E501 = "{path}: {reason}"
    E502 = "{path}: unknown RDF file type {suffix!r} (use {known})"
    E503 = "{path}: no such graph file"
    E504 = "{path}: not valid {format}: {reason}"
    E505 = "{path}: cannot read the graph file: {reason}"
    E506 = "unsupported RDF term {term!r} (RDF-star triple terms cannot be converted)"
    # push
    E601 = "{what}: {reason}"
    # views
    E701 = "{what}: {reason}"
    # training
    E801 = "{what}: {reason}"


class KGError(Exception):
    """Base of the errors the tool raises for a user to read: one line, no traceback."""

    @property
    def code(self) -> str | None:
        m = re.search(r"\[([EW]\d{3})\]$", str(self))
        return m.group(1) if m else None


class InputError(KGError):
    """A file that cannot be read as an article; the message names the file."""


class StoreError(KGError):
    """A store that cannot be opened or written; the message names the folder."""


class BuildError(KGError):
    """A build that cannot start or finish; nothing already built is changed."""


class QueryError(KGError):
    """A query, store or named query that cannot be used."""


class EvalError(KGError):
    """A gold or graph file that is missing or malformed; the message names it."""


class GraphFileError(KGError):
    """A graph or shapes file that cannot be read for validation."""


class PushError(KGError):
    """A remote endpoint that refused or failed a push."""


class ViewError(KGError):
    """A view that cannot be drawn as asked (unknown entity, article or type)."""
