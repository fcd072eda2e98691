"""Trigram index on search_text (PostgreSQL only), and search text for rows saved without it."""

from django.db import migrations

from anphu_portal.folding import fold
from anphu_portal.trigram import AddTrigramIndex


def fill_missing_search_text(apps, schema_editor):
    Contact = apps.get_model("hotline", "Contact")
    for row in Contact.objects.filter(search_text="").iterator():
        title = row.name or row.organization
        others = " ".join(str(value or "") for value in [row.title, row.organization, row.phones, row.email, row.note, row.address])
        row.search_text = f"{fold(title)} | {fold(others)}"
        row.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]

    operations = [
        migrations.RunPython(fill_missing_search_text, migrations.RunPython.noop),
        AddTrigramIndex("Contact"),
    ]
