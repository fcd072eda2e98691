"""Trigram index on search_text (PostgreSQL only), and search text for rows saved without it."""

from django.db import migrations

from anphu_portal.folding import fold
from anphu_portal.trigram import AddTrigramIndex


def fill_missing_search_text(apps, schema_editor):
    Procedure = apps.get_model("procedures", "Procedure")
    for row in Procedure.objects.filter(search_text="").iterator():
        title = row.name
        others = " ".join(str(value or "") for value in [row.code, row.keywords, row.description, row.subjects, row.results])
        row.search_text = f"{fold(title)} | {fold(others)}"
        row.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [
        migrations.RunPython(fill_missing_search_text, migrations.RunPython.noop),
        AddTrigramIndex("Procedure"),
    ]
