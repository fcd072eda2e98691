"""A word index on the documents' search_text (PostgreSQL only), for searches of whole words."""

from django.db import migrations

from anphu_portal.trigram import AddWordIndex


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_document_documents_issued_list_and_more")]

    operations = [AddWordIndex("Document")]
