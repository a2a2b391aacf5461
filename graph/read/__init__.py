"""Stage *read*: find article files, decode them, recognise their metadata.

Input: paths. Output: :class:`graph.model.Article` (NFC text, offsets into it).
"""

from graph.read.reader import article_from_text, article_key, decode, iter_files, read_article

__all__ = ["article_from_text", "article_key", "decode", "iter_files", "read_article"]
