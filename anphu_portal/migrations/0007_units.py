"""Units replace the single identity record, which becomes the default unit."""

import django.db.models.deletion
from django.db import migrations, models


PROVINCE_FIELDS = {
    "slug": "an-giang",
    "level": "tinh",
    "portal_title": "Cổng thông tin điện tử tỉnh An Giang",
    "address": "",
    "phone": "",
    "email": "",
    "footer_text": "",
}
IDENTITY_FIELDS = ["unit_name", "portal_title", "address", "phone", "email", "logo", "footer_text"]


def identity_to_default_unit(apps, schema_editor):
    """Carry the identity record over as the default unit, its parent text as a province."""
    SiteIdentity = apps.get_model("anphu_portal", "SiteIdentity")
    Unit = apps.get_model("anphu_portal", "Unit")
    identity = SiteIdentity.objects.filter(pk=1).first() or SiteIdentity()
    parent = None
    if identity.parent_unit:
        parent = Unit.objects.create(unit_name=identity.parent_unit, **PROVINCE_FIELDS)
    values = {name: getattr(identity, name) for name in IDENTITY_FIELDS}
    Unit.objects.create(
        slug="an-phu", level="xa", is_default=True, parent=parent, **values
    )


def default_unit_to_identity(apps, schema_editor):
    SiteIdentity = apps.get_model("anphu_portal", "SiteIdentity")
    Unit = apps.get_model("anphu_portal", "Unit")
    unit = Unit.objects.filter(is_default=True).select_related("parent").first()
    if unit is not None:
        values = {name: getattr(unit, name) for name in IDENTITY_FIELDS}
        parent = unit.parent.unit_name if unit.parent_id else ""
        SiteIdentity.objects.update_or_create(pk=1, defaults={**values, "parent_unit": parent})


def check_constraints_now(apps, schema_editor):
    # PostgreSQL defers the foreign-key checks of the rows just written; an ALTER TABLE in the
    # same transaction refuses to run while they are pending, so run them now.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('anphu_portal', '0006_cache_table'),
    ]

    operations = [
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('unit_name', models.CharField(help_text='Tên cơ quan chủ quản hiển thị ở đầu trang, ví dụ “Ủy ban nhân dân xã …”.', max_length=200, verbose_name='tên đơn vị')),
                ('slug', models.SlugField(help_text='Chữ không dấu, nối bằng gạch ngang, ví dụ “xa-khanh-binh”. Dùng trong các lệnh quản trị; không hiển thị cho người dân.', max_length=80, unique=True, verbose_name='mã đơn vị')),
                ('level', models.CharField(choices=[('tinh', 'Tỉnh'), ('so-nganh', 'Sở, ban, ngành'), ('xa', 'Xã, phường, đặc khu'), ('huyen', 'Huyện (lưu trữ)')], default='xa', max_length=10, verbose_name='cấp')),
                ('portal_title', models.CharField(help_text='Dùng làm tiêu đề trình duyệt và trong chân trang.', max_length=200, verbose_name='tên cổng thông tin')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='địa chỉ')),
                ('phone', models.CharField(blank=True, max_length=100, verbose_name='điện thoại')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử')),
                ('logo', models.ImageField(blank=True, help_text='Ảnh vuông PNG hoặc JPEG, khoảng 200×200 điểm ảnh. Để trống dùng biểu trưng mặc định.', upload_to='site/', verbose_name='biểu trưng (logo)')),
                ('footer_text', models.TextField(blank=True, help_text='Thông tin giấy phép, người chịu trách nhiệm… Mỗi dòng một đoạn.', verbose_name='nội dung chân trang')),
                ('palette', models.CharField(choices=[('xanh-duong', 'Xanh dương (mặc định)'), ('xanh-la', 'Xanh lá'), ('do-tham', 'Đỏ thẫm')], default='xanh-duong', help_text='Chỉ chọn trong các bảng màu đã kiểm tra độ tương phản cho người khiếm thị.', max_length=20, verbose_name='bảng màu')),
                ('sections', models.JSONField(blank=True, default=list, help_text='Các chuyên trang hiển thị trên menu. Để trống là bật tất cả.', verbose_name='chuyên trang bật')),
                ('is_default', models.BooleanField(default=False, help_text='Đơn vị trả lời mọi tên miền khi nó chưa có tên miền riêng.', verbose_name='đơn vị mặc định')),
                ('archived', models.BooleanField(default=False, help_text='Đơn vị đã sáp nhập: trang công khai hiện dòng “Trang lưu trữ”, không sửa được nội dung.', verbose_name='lưu trữ')),
                ('redirect_to_successor', models.BooleanField(default=False, help_text='Đánh dấu để tên miền của đơn vị này chuyển hẳn (301) sang đơn vị kế thừa.', verbose_name='chuyển sang đơn vị kế thừa')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
                ('parent', models.ForeignKey(blank=True, help_text='Tên đơn vị cấp trên hiển thị phía trên tên đơn vị, ví dụ “Tỉnh An Giang”.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='anphu_portal.unit', verbose_name='đơn vị cấp trên')),
                ('successor', models.ForeignKey(blank=True, help_text='Đơn vị tiếp nhận sau khi sáp nhập.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='predecessors', to='anphu_portal.unit', verbose_name='đơn vị kế thừa')),
            ],
            options={
                'verbose_name': 'đơn vị',
                'verbose_name_plural': 'đơn vị',
                'ordering': ['unit_name'],
            },
        ),
        migrations.CreateModel(
            name='UnitHost',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('host', models.CharField(help_text='Chỉ tên miền, không có “https://” hay dấu “/”, ví dụ “anphu.angiang.gov.vn”.', max_length=253, unique=True, verbose_name='tên miền')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='hosts', to='anphu_portal.unit', verbose_name='đơn vị')),
            ],
            options={
                'verbose_name': 'tên miền',
                'verbose_name_plural': 'tên miền',
                'ordering': ['host'],
            },
        ),
        migrations.RunPython(identity_to_default_unit, default_unit_to_identity),
        migrations.RunPython(check_constraints_now, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='SiteIdentity',
        ),
        migrations.AddConstraint(
            model_name='unit',
            constraint=models.UniqueConstraint(condition=models.Q(('is_default', True)), fields=('is_default',), name='one_default_unit'),
        ),
    ]
