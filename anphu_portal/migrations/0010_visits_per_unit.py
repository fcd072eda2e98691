"""Visitor statistics per unit: existing figures belong to the default unit."""

import anphu_portal.models
import django.db.models.deletion
from django.db import migrations, models


def rows_to_default_unit(apps, schema_editor):
    """Give the figures counted so far to the default unit; forget the recent visitors."""
    Unit = apps.get_model("anphu_portal", "Unit")
    default = Unit.objects.filter(is_default=True).first()
    apps.get_model("anphu_portal", "RecentVisitor").objects.all().delete()
    daily = apps.get_model("anphu_portal", "DailyVisitStats").objects.all()
    if default is not None:
        daily.update(unit=default)
    else:
        daily.delete()


def check_constraints_now(apps, schema_editor):
    # PostgreSQL defers the foreign-key checks of the rows just written; an ALTER TABLE in the
    # same transaction refuses to run while they are pending, so run them now.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('anphu_portal', '0009_memberships'),
    ]

    operations = [
        migrations.AddField(
            model_name='dailyvisitstats',
            name='unit',
            field=models.ForeignKey(null=True, editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='anphu_portal.unit', verbose_name='đơn vị'),
        ),
        migrations.AddField(
            model_name='recentvisitor',
            name='unit',
            field=models.ForeignKey(null=True, editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='anphu_portal.unit', verbose_name='đơn vị'),
        ),
        migrations.RunPython(rows_to_default_unit, migrations.RunPython.noop),
        migrations.RunPython(check_constraints_now, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='dailyvisitstats',
            name='unit',
            field=models.ForeignKey(default=anphu_portal.models.default_unit_id, editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='anphu_portal.unit', verbose_name='đơn vị'),
        ),
        migrations.AlterField(
            model_name='recentvisitor',
            name='unit',
            field=models.ForeignKey(default=anphu_portal.models.default_unit_id, editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='anphu_portal.unit', verbose_name='đơn vị'),
        ),
        migrations.AlterField(
            model_name='dailyvisitstats',
            name='date',
            field=models.DateField(verbose_name='ngày'),
        ),
        migrations.AlterField(
            model_name='recentvisitor',
            name='visitor_hash',
            field=models.CharField(max_length=64, verbose_name='mã khách (băm)'),
        ),
        migrations.AddConstraint(
            model_name='dailyvisitstats',
            constraint=models.UniqueConstraint(fields=('unit', 'date'), name='one_visit_row_per_unit_and_day'),
        ),
        migrations.AddConstraint(
            model_name='recentvisitor',
            constraint=models.UniqueConstraint(fields=('unit', 'visitor_hash'), name='one_recent_visitor_per_unit'),
        ),
    ]
