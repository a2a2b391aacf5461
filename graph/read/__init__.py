"""Stage *read*: find article files, read their bytes, decode them, recognise their metadata.

Input: paths. Output: :class:`graph.model.Article` (NFC text, offsets into it).
Modules: :mod:`~graph.read.files` (finding files, reading bytes safely),
:mod:`~graph.read.decode` (bytes to text), :mod:`~graph.read.legacy` (TCVN3, VNI),
:mod:`~graph.read.html` (web pages), :mod:`~graph.read.clean` (the copy the
analysis reads, and the way back), :mod:`~graph.read.metadata` (headline, date,
source, bylines, trailer), :mod:`~graph.read.keys` (article keys),
:mod:`~graph.read.reader` (one article), :mod:`~graph.read.manifest`
(metadata given beside the texts).
"""

from graph.read.clean import CleanText, clean_text
from graph.read.decode import Decoded, decode, decode_text
from graph.read.files import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, check_file, iter_files, read_bytes
from graph.read.keys import article_key, source_path
from graph.read.reader import article_from_text, read_article

__all__ = ["ARTICLE_SUFFIXES", "DEFAULT_MAX_BYTES", "CleanText", "Decoded", "article_from_text", "article_key",
           "check_file", "clean_text", "decode", "decode_text", "iter_files", "read_article", "read_bytes",
           "source_path"]
