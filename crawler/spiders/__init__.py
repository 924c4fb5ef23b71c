"""Spiders: just the one generic news spider."""
