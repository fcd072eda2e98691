from django.core.management.base import BaseCommand

from anphu_portal.roles import ROLE_NAMES, grant_role_permissions


class Command(BaseCommand):
    help = "Tạo các nhóm quyền cán bộ và gán quyền cho từng nhóm."

    def handle(self, *args, **options):
        grant_role_permissions()
        for name in ROLE_NAMES:
            self.stdout.write(f"- {name}")
