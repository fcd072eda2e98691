"""Trigram index on search_text (PostgreSQL only), and search text for rows saved without it."""

from django.db import migrations

from anphu_portal.folding import fold
from anphu_portal.trigram import AddTrigramIndex


def fill_missing_search_text(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    for row in Article.objects.filter(search_text="").iterator():
        title = row.title
        others = " ".join(str(value or "") for value in [row.summary, row.body, row.author, row.source, row.cover_caption])
        row.search_text = f"{fold(title)} | {fold(others)}"
        row.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [
        migrations.RunPython(fill_missing_search_text, migrations.RunPython.noop),
        AddTrigramIndex("Article"),
    ]
