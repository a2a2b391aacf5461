"""The RDF boundary: vocabularies, prefixes, IRIs, formats, terms, loading.

Every stage that reads or writes RDF goes through this package.
"""
