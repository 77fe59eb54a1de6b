"""Suggested targets: the private goal, the suggestions set aside, suggestions.csv."""
