"""For ``scrapyd-deploy``, which builds eggs with setup.py; the metadata is in pyproject.toml."""

from setuptools import setup

setup()
