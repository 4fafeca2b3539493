"""Writing generated rows: PostgreSQL COPY, or bulk_create on other databases."""

from __future__ import annotations

import itertools
import json
import time

from django.db import connection
from django.utils import timezone
from tqdm import tqdm


class Loader:
    """Writes rows (dicts of attribute name to value) with COPY, or bulk_create elsewhere.

    A row names only what matters; every other column takes its model default (a fresh UUID for
    `public_id`), so COPY and bulk_create write the same rows.
    """

    def __init__(self, progress: bool):
        self.progress = progress
        self.timings: dict[str, tuple[int, float]] = {}

    def next_id(self, model) -> int:
        last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def write(self, model, rows, total: int) -> int:
        started = time.perf_counter()
        name = model._meta.db_table
        rows = tqdm(rows, total=total, desc=name, unit=" rows", disable=not self.progress)
        if connection.vendor == "postgresql":
            count = self._copy(model, iter(rows))
        else:
            objects = [model(**row) for row in rows]
            model._base_manager.bulk_create(objects, batch_size=2000)
            count = len(objects)
        self.timings[name] = (count, time.perf_counter() - started)
        return count

    def _copy(self, model, rows) -> int:
        first = next(rows, None)
        if first is None:
            return 0
        given = list(first)
        fields = [model._meta.get_field(name) for name in given]
        fields += [
            f for f in model._meta.concrete_fields if f.attname not in given and not f.primary_key
        ]
        values = [None] * len(given) + [self._default(f) for f in fields[len(given) :]]
        json_at = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
        fresh_at = [
            i for i, f in enumerate(fields) if i >= len(given) and f.unique and f.has_default()
        ]
        columns = ", ".join(field.column for field in fields)
        count = 0
        sql = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in itertools.chain([first], rows):
                if len(row) != len(given):
                    raise ValueError(f"{model.__name__} rows must all name the same columns")
                values[: len(given)] = [row[name] for name in given]
                out = list(values)
                for i in fresh_at:
                    out[i] = fields[i].default()
                for i in json_at:
                    out[i] = json.dumps(out[i])
                copy.write_row(out)
                count += 1
        return count

    def _default(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return timezone.now()
        value = field.get_default()  # "" for text fields without one
        if value is None and not field.null:
            raise ValueError(f"{field} needs a value in every generated row")
        return value
