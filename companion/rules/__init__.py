"""Rules as plain functions over plain data, with no Flask and no database.

A rule the phone also needs offline has a JavaScript twin with the same base name in
static/js/rules/; the Python one is the reference the twin is checked against.
"""
