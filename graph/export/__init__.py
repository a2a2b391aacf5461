"""Stage *export*: the files a build writes beside its store."""
