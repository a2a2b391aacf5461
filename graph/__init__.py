"""Build RDF knowledge graphs from Vietnamese political and administrative news.

Every fact points back to the sentence it comes from (NIF 2.1 + PROV-O).
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
