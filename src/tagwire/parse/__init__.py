"""Parsing documents from outside: feeds, OPML, URLs."""
