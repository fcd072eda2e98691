"""News and contacts belong to a unit: existing rows go to the default unit."""

import anphu_portal.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ["article", "category"]


def rows_to_default_unit(apps, schema_editor):
    """Give every existing row to the default unit (the former single identity)."""
    Unit = apps.get_model("anphu_portal", "Unit")
    default = Unit.objects.filter(is_default=True).first()
    app_label = __name__.split(".")[0]
    for name in MODELS:
        model = apps.get_model(app_label, name)
        if model.objects.exists():
            default = default or Unit.objects.create(
                unit_name="Ủy ban nhân dân huyện An Phú", slug="an-phu", is_default=True
            )
            model.objects.update(unit=default)


def check_constraints_now(apps, schema_editor):
    # PostgreSQL defers the foreign-key checks of the rows just written; an ALTER TABLE in the
    # same transaction refuses to run while they are pending, so run them now.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('anphu_portal', '0007_units'),
        ('news', '0002_search_text_trigram'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='unit',
            field=models.ForeignKey(null=True, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='anphu_portal.unit', verbose_name='đơn vị'),
        ),
        migrations.AddField(
            model_name='category',
            name='unit',
            field=models.ForeignKey(null=True, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='anphu_portal.unit', verbose_name='đơn vị'),
        ),
        migrations.RunPython(rows_to_default_unit, migrations.RunPython.noop),
        migrations.RunPython(check_constraints_now, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='article',
            name='unit',
            field=models.ForeignKey(default=anphu_portal.models.default_unit_id, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='anphu_portal.unit', verbose_name='đơn vị'),
        ),
        migrations.AlterField(
            model_name='category',
            name='unit',
            field=models.ForeignKey(default=anphu_portal.models.default_unit_id, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='anphu_portal.unit', verbose_name='đơn vị'),
        ),
        migrations.AlterField(
            model_name='article',
            name='slug',
            field=models.SlugField(help_text='Tự tạo từ tiêu đề khi gõ (chữ không dấu). Được giữ nguyên khi sửa tiêu đề sau này, để liên kết đã chia sẻ không bị hỏng.', max_length=255, verbose_name='đường dẫn'),
        ),
        migrations.AlterField(
            model_name='category',
            name='name',
            field=models.CharField(help_text='Tên hiển thị trên menu và trang chủ, ví dụ “Cải cách hành chính”.', max_length=120, verbose_name='tên chuyên mục'),
        ),
        migrations.AlterField(
            model_name='category',
            name='slug',
            field=models.SlugField(help_text='Phần địa chỉ trang, tự tạo từ tên (chữ không dấu, nối bằng gạch ngang). Không nên đổi sau khi đã công bố vì các liên kết cũ sẽ hỏng.', max_length=140, verbose_name='đường dẫn'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['unit', 'status', 'publish_at'], name='news_article_unit_visible'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('unit', 'slug'), name='news_article_slug_per_unit'),
        ),
        migrations.AddConstraint(
            model_name='category',
            constraint=models.UniqueConstraint(fields=('unit', 'slug'), name='news_category_slug_per_unit'),
        ),
        migrations.AddConstraint(
            model_name='category',
            constraint=models.UniqueConstraint(fields=('unit', 'name'), name='news_category_name_per_unit'),
        ),
    ]
