"""Load the demo content: two units, accounts for each role, then each app's part."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from anphu_portal import roles
from anphu_portal.models import Unit, UnitHost

# username, full name, group (None for the administrator), password. The passwords pass
# AUTH_PASSWORD_VALIDATORS (12+ characters, no username or unit name); README lists them.
DEMO_ACCOUNTS = [
    ("quantri", "Quản trị viên", None, "Cau-Vinh-Hoi-7391"),
    ("bientap", "Huỳnh Như", roles.EDITOR, "Luc-binh-tim-4826"),
    ("duyettin", "Nguyễn Văn Duyệt", roles.APPROVER, "Song-Hau-xanh-5173"),
    ("duongdaynong", "Trần Thị Liên", roles.HOTLINE_STAFF, "Lua-mua-noi-6284"),
    ("thutuc", "Lê Minh Thủ", roles.PROCEDURE_STAFF, "Cho-noi-Da-Phuoc-9417"),
    ("vanthu", "Phạm Thị Văn", roles.CLERK, "Den-Ba-Chua-Xu-3058"),
    ("vanphong", "Phạm Thị Lịch", roles.OFFICE, "Mua-nuoc-noi-3852"),
    ("tiepnhan", "Phạm Thu Nhận", roles.FEEDBACK_STAFF, "Nui-Sam-mua-xuan-3058"),
]

# Each app adds its demo content with a command of this name, run in this order.
APP_DEMO_COMMANDS = [
    "load_demo_news",
    "load_demo_hotline",
    "load_demo_procedures",
    "load_demo_documents",
    "load_demo_organization",
    "load_demo_feedback",
]
# The commands that fill one unit's content, run again for the second demo unit.
UNIT_DEMO_COMMANDS = [
    "load_demo_news",
    "load_demo_hotline",
    "load_demo_documents",
    "load_demo_organization",
    "load_demo_feedback",
]
# A second commune on the same installation, served at http://xa-mau.localhost:8000.
SECOND_UNIT = {
    "slug": "xa-mau",
    "unit_name": "Ủy ban nhân dân xã Mẫu",
    "portal_title": "Cổng thông tin điện tử xã Mẫu (dữ liệu mẫu)",
    "address": "Ấp Mẫu, xã Mẫu, tỉnh An Giang (dữ liệu mẫu)",
    "footer_text": "Đơn vị mẫu để trình diễn nhiều đơn vị trên một cổng; nội dung là dữ liệu mẫu.",
}
SECOND_UNIT_HOST = "xa-mau.localhost"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tài khoản, tin bài, danh bạ, thủ tục, văn bản). Chạy nhiều lần không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Cho phép chạy khi DJANGO_DEBUG tắt (không dùng trên máy chủ thật).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Từ chối nạp dữ liệu mẫu khi DJANGO_DEBUG tắt; dùng --force nếu thật sự muốn."
            )
        roles.grant_role_permissions()
        with transaction.atomic():
            second = self.create_second_unit()
            created = self.create_accounts()
        available = get_commands()
        for name in APP_DEMO_COMMANDS:
            if name in available:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
        for name in UNIT_DEMO_COMMANDS:
            if name in available:
                call_command(name, unit=second.slug, stdout=self.stdout, stderr=self.stderr)
        self.print_accounts(created)

    def create_second_unit(self) -> Unit:
        """Create the second demo commune under the default unit's province, at its host."""
        default = Unit.default()
        fields = {**SECOND_UNIT, "parent_id": default.parent_id}
        unit, _ = Unit.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
        UnitHost.objects.get_or_create(host=SECOND_UNIT_HOST, defaults={"unit": unit})
        return unit

    def create_accounts(self) -> list[str]:
        User = get_user_model()
        created = []
        for username, full_name, group_name, password in DEMO_ACCOUNTS:
            last, _, first = full_name.rpartition(" ")
            user, was_created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.invalid",
                    "is_staff": True,
                    "is_superuser": group_name is None,
                },
            )
            if was_created:
                user.set_password(password)
                user.save(update_fields=["password"])
                created.append(username)
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
        return created

    def print_accounts(self, created: list[str]) -> None:
        self.stdout.write("")
        self.stdout.write(f"Trang quản trị / Admin: http://127.0.0.1:8000/{settings.ADMIN_PATH}")
        self.stdout.write(f"Đơn vị thứ hai / Second unit: http://{SECOND_UNIT_HOST}:8000/")
        self.stdout.write("Tài khoản mẫu / Demo logins (tài khoản, mật khẩu, vai trò):")
        for username, _full_name, group_name, password in DEMO_ACCOUNTS:
            role = group_name or "Quản trị hệ thống (superuser)"
            note = "" if username in created else " (đã có)"
            self.stdout.write(f"  {username:<14} {password:<22} {role}{note}")
