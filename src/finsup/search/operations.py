"""A migration operation for the search: a GIN trigram index, on PostgreSQL only.

Each app that registers a search kind adds, in its own migrations, one index per field its kind
matches; on SQLite the operation does nothing (icontains scans, which is fine at an office's size)."""

from __future__ import annotations

from django.db.migrations.operations.base import Operation


class TrigramIndex(Operation):
    reversible = True

    def __init__(self, model_name: str, field_name: str):
        self.model_name = model_name
        self.field_name = field_name

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "field_name": self.field_name}

    def state_forwards(self, app_label, state):
        pass  # the index is the database's business; the models do not change

    def _names(self, app_label, schema_editor, state):
        meta = state.apps.get_model(app_label, self.model_name)._meta
        column = meta.get_field(self.field_name).column
        name = f"{meta.db_table}_{column}_trgm"[-63:]
        quote = schema_editor.quote_name
        return quote(name), quote(meta.db_table), quote(column)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        name, table, column = self._names(app_label, schema_editor, to_state)
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # The expression Django's icontains compares: UPPER(col::text)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        name, _table, _column = self._names(app_label, schema_editor, from_state)
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    def describe(self):
        return f"Trigram index on {self.model_name}.{self.field_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_{self.field_name}_trgm"
