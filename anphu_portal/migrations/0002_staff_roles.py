"""Create the four staff groups; their permissions are granted after every migrate."""

from django.db import migrations

ROLE_NAMES = [
    "Biên tập viên",
    "Người duyệt tin",
    "Cán bộ quản lý đường dây nóng",
    "Cán bộ thủ tục hành chính",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("anphu_portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
