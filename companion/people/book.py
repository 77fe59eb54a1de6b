"""Who each person record is once merges are followed: plain functions over plain dicts.

The server's half of static/js/store/people.js makeBook: the exports must show the people the
app's People tab shows, so a chain of merges ends where the app's does, a cycle (two devices
merging each way) ends at its smallest id, and a group's records are merged in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..rules.people import merged_person

# A chain longer than this is a cycle someone wrote by hand (the app stops at the same depth).
MAX_MERGE_DEPTH = 20


def root_of(records: Mapping[str, Mapping[str, Any]], record_id: str) -> str | None:
    """Return the id of the record a chain of merges from record_id ends at (None: no record).

    records: the live person records, id -> fields. A merge into a record that is not there
    (forgotten, or never synced) ends the chain where it is.
    """
    if record_id not in records:
        return None
    seen = [record_id]
    current = record_id
    for _ in range(MAX_MERGE_DEPTH):
        following = records[current].get("merged_into")
        if not following or following not in records:
            return current
        if following in seen:
            return min(seen[seen.index(following):])
        seen.append(following)
        current = following
    return current


def roots(records: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Return record id -> the id of the person it shows as, for every record."""
    return {record_id: root_of(records, record_id) for record_id in records}


def merged_views(records: Mapping[str, Mapping[str, Any]],
                 root_ids: Mapping[str, str] | None = None) -> dict[str, dict]:
    """Return root id -> the one person its group of records shows (rules/people.merged_person).

    Each view also names the records merged into it (`merged`, sorted), as the app's do.
    """
    root_ids = roots(records) if root_ids is None else root_ids
    groups: dict[str, list[str]] = {}
    for record_id in sorted(records):
        root = root_ids[record_id]
        group = groups.setdefault(root, [root])
        if record_id != root:
            group.append(record_id)
    views = {}
    for root, ids in groups.items():
        view = dict(records[root])
        for other in ids[1:]:
            view = merged_person(view, dict(records[other]))
        views[root] = {**view, "id": root, "merged": ids[1:]}
    return views


def roots_named(root_ids: Mapping[str, str], person_ids: Iterable[str]) -> list[str]:
    """Return the distinct people a list of person ids names, in its order (gone ones left out)."""
    return list(dict.fromkeys(root for person_id in person_ids or ()
                              if (root := root_ids.get(person_id))))
