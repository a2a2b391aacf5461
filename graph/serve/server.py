"""Run the app under uvicorn with the guarded HTTP protocol (414/431/413 answered, never reset).

>>> config = uvicorn_config(object(), "127.0.0.1", 0, ServeLimits())
>>> config.h11_max_incomplete_event_size, config.http.__name__
(81920, 'GuardedH11Protocol')
"""

from __future__ import annotations

import uvicorn

from graph.serve.config import ServeLimits
from graph.serve.protocol import HEADER_ALLOWANCE, guarded_protocol

__all__ = ["uvicorn_config", "serve"]


def uvicorn_config(app, host: str, port: int, limits: ServeLimits, log_level: str = "warning") -> uvicorn.Config:
    """uvicorn's settings: h11 with a buffer just above the URL limit, so a long URL reaches
    the app (414 there) and a far longer one is answered 414 by the protocol."""
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, http=guarded_protocol(limits.max_url_bytes),
                          h11_max_incomplete_event_size=limits.max_url_bytes + HEADER_ALLOWANCE,
                          timeout_graceful_shutdown=max(1, int(limits.timeout) + 1))


def serve(app, host: str, port: int, limits: ServeLimits, log_level: str = "warning") -> None:
    uvicorn.Server(uvicorn_config(app, host, port, limits, log_level)).run()
