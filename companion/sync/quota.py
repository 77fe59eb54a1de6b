"""How many bytes of text an account keeps in its synced records (the per-user cap)."""

import json

from sqlalchemy import JSON, Integer, Text, cast, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from ..db import db
from ..models import RECORD_MODELS
from .fields import ERASED_ON_DELETE


class utf8_length(FunctionElement):
    """The length of a text column in UTF-8 bytes, on SQLite and PostgreSQL alike."""

    type = Integer()
    inherit_cache = True


@compiles(utf8_length)
def _utf8_length_sqlite(element, compiler, **kw):
    return f"length(CAST({compiler.process(element.clauses, **kw)} AS BLOB))"


@compiles(utf8_length, "postgresql")
def _utf8_length_postgresql(element, compiler, **kw):
    return f"octet_length({compiler.process(element.clauses, **kw)})"


def utf8_size(value) -> int:
    if isinstance(value, list | dict):
        # As the JSON column stores it (SQLAlchemy's json.dumps defaults).
        return len(json.dumps(value))
    return len(value.encode("utf-8", "surrogatepass")) if isinstance(value, str) else 0


def _as_text(column):
    return cast(column, Text) if isinstance(column.type, JSON) else column


def stored_bytes(user_id: int) -> int:
    """Return the bytes of text in the user's records (the fields a deletion erases)."""
    total = 0
    for kind, model in RECORD_MODELS.items():
        columns = [_as_text(getattr(model, name)) for name in ERASED_ON_DELETE[kind]]
        if not columns:
            continue
        size = sum((func.coalesce(utf8_length(column), 0) for column in columns[1:]),
                   func.coalesce(utf8_length(columns[0]), 0))
        total += db.session.scalar(
            select(func.coalesce(func.sum(size), 0)).where(model.user_id == user_id)
        ) or 0
    return int(total)
