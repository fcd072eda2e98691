"""Search migrations: trigram indexes on PostgreSQL, search text filled for older rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from anphu_portal.folding import fold


@pytest.mark.django_db
def test_trigram_indexes_exist_on_postgresql_only():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%%gin_trgm_ops%%'"
            )
            names = {row[0] for row in cursor.fetchall()}
            assert names == {
                "news_article_search_text_trgm",
                "procedures_procedure_search_text_trgm",
                "hotline_contact_search_text_trgm",
                "documents_document_search_text_trgm",
                "feedback_submission_search_text_trgm",
            }
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%trgm%'")
            assert cursor.fetchall() == []


@pytest.mark.django_db
def test_the_large_sections_word_indexes_exist_on_postgresql_only():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%%to_tsvector%%'")
            assert {row[0] for row in cursor.fetchall()} == {
                "news_article_search_text_words",
                "documents_document_search_text_words",
                "feedback_submission_search_text_words",
            }
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%words%'")
            assert cursor.fetchall() == []


@pytest.mark.django_db(transaction=True)
def test_migration_fills_search_text_of_rows_saved_without_it():
    executor = MigrationExecutor(connection)
    executor.migrate([("news", "0001_initial")])
    old_apps = executor.loader.project_state([("news", "0001_initial")]).apps
    Category = old_apps.get_model("news", "Category")
    Article = old_apps.get_model("news", "Article")
    category = Category.objects.create(name="Kinh tế", slug="kinh-te", position=1)
    article = Article.objects.create(
        title="Đồng bào Chăm ở Đa Phước",
        slug="dong-bao-cham",
        summary="Nghề dệt thổ cẩm",
        category=category,
        search_text="",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from news.models import Article as CurrentArticle

    search_text = CurrentArticle.objects.get(pk=article.pk).search_text
    assert search_text.startswith(fold("Đồng bào Chăm ở Đa Phước") + " | ")
    assert "det tho cam" in search_text
