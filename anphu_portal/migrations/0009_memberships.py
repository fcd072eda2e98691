"""Roles per unit: each existing user's groups become memberships of the default unit."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def groups_to_memberships(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Unit = apps.get_model("anphu_portal", "Unit")
    Membership = apps.get_model("anphu_portal", "Membership")
    default = Unit.objects.filter(is_default=True).first()
    if default is None:
        return
    Membership.objects.bulk_create(
        [
            Membership(user=user, unit=default, role=group)
            for user in User.objects.prefetch_related("groups")
            for group in user.groups.all()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('anphu_portal', '0008_audit_event_unit'),
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.ForeignKey(help_text='Vai trò của người này trong đơn vị, ví dụ “Biên tập viên”.', on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='auth.group', verbose_name='vai trò')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='anphu_portal.unit', verbose_name='đơn vị')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản')),
            ],
            options={
                'verbose_name': 'vai trò trong đơn vị',
                'verbose_name_plural': 'vai trò trong đơn vị',
                'ordering': ['unit', 'user'],
                'constraints': [models.UniqueConstraint(fields=('user', 'unit', 'role'), name='one_role_once_per_unit')],
            },
        ),
        migrations.RunPython(groups_to_memberships, migrations.RunPython.noop),
    ]
