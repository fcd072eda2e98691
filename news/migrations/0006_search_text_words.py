"""A word index on the articles' search_text (PostgreSQL only), for searches of whole words."""

from django.db import migrations

from anphu_portal.trigram import AddWordIndex


class Migration(migrations.Migration):
    dependencies = [("news", "0005_listing_indexes")]

    operations = [AddWordIndex("Article")]
