"""Trigram index on the documents' search_text (PostgreSQL only), as articles have."""

from django.db import migrations

from anphu_portal.trigram import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [AddTrigramIndex("Document")]
