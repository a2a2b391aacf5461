"""Checking a build: scores against gold (``kg eval``) and SHACL shapes (``kg validate``)."""
