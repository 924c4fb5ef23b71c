"""The version of the extraction: bump it whenever extraction gives different fields.

Each document records the version that made it (``extractor_version``), so
``newsindex reextract`` can tell which documents an older extraction made.
"""

EXTRACTOR_VERSION = 1
