"""Queries of the retirement applications; filled in below."""
