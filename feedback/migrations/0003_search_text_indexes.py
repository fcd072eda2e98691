"""Word and trigram indexes on the questions' search_text (PostgreSQL only), as articles have.

The word index finds whole words; the trigram index is the fallback for parts of words.
"""

from django.db import migrations

from anphu_portal.trigram import AddTrigramIndex, AddWordIndex


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_submission_feedback_published_answers")]

    operations = [AddWordIndex("Submission"), AddTrigramIndex("Submission")]
