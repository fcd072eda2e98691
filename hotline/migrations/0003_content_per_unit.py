"""Contact groups belong to a unit: existing rows go to the default unit."""

import anphu_portal.models
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ["contactgroup"]


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
        ('hotline', '0002_search_text_trigram'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='contactgroup',
            name='unit',
            field=models.ForeignKey(null=True, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='anphu_portal.unit', verbose_name='đơn vị'),
        ),
        migrations.RunPython(rows_to_default_unit, migrations.RunPython.noop),
        migrations.RunPython(check_constraints_now, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='contactgroup',
            name='unit',
            field=models.ForeignKey(default=anphu_portal.models.default_unit_id, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='anphu_portal.unit', verbose_name='đơn vị'),
        ),
        migrations.AlterField(
            model_name='contactgroup',
            name='slug',
            field=models.SlugField(blank=True, help_text='Chữ không dấu, nối bằng gạch ngang; dùng làm liên kết tới nhóm trên trang danh bạ. Để trống để tự tạo từ tên nhóm.', max_length=200, verbose_name='đường dẫn'),
        ),
        migrations.AddConstraint(
            model_name='contactgroup',
            constraint=models.UniqueConstraint(fields=('unit', 'slug'), name='hotline_group_slug_per_unit'),
        ),
    ]
