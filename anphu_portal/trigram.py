"""The migration operation that adds a trigram index to a search_text column."""

from django.db.migrations.operations.base import Operation


class AddTrigramIndex(Operation):
    """Migration operation: a trigram GIN index on search_text, on PostgreSQL only.

    `search_text LIKE '%word%'` uses the index, which keeps search fast at 100,000 rows;
    on SQLite the same queries run without it.
    """

    reduces_to_sql = False
    reversible = True
    index_suffix = "trgm"

    def __init__(self, model_name: str, field: str = "search_text"):
        self.model_name = model_name
        self.field = field

    def state_forwards(self, app_label, state):
        pass

    def _names(self, app_label, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        return table, f"{table}_{self.field}_{self.index_suffix}"[:63]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table, index = self._names(app_label, to_state)
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" '
            f'USING gin ("{self.field}" gin_trgm_ops)'
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        _, index = self._names(app_label, from_state)
        schema_editor.execute(f'DROP INDEX IF EXISTS "{index}"')

    def describe(self):
        return f"Trigram index on {self.model_name}.{self.field} (PostgreSQL only)"


class AddWordIndex(AddTrigramIndex):
    """Migration operation: a GIN index of the words of search_text, on PostgreSQL only.

    It serves anphu_portal.matching.filter_by_whole_words: every query word is a word
    of the text. Unlike trigrams, whose candidates must each be read from the table and
    checked, it finds exactly the rows holding the words, so a search of words that are
    frequent but rare together reads only its matches.
    """

    index_suffix = "words"

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        table, index = self._names(app_label, to_state)
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index}" ON "{table}" '
            f"USING gin ({WORDS_VECTOR.format(column=self.field)})"
        )

    def describe(self):
        return f"Word index on {self.model_name}.{self.field} (PostgreSQL only)"


# The indexed expression; a query uses the index only when it repeats it exactly.
WORDS_VECTOR = "to_tsvector('simple'::regconfig, \"{column}\")"
