"""The public forms: send a question, track it, say whether a page was useful."""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from anphu_portal.antispam import AntiSpamFormMixin
from anphu_portal.phones import PHONE_RULES_HINT, is_landline_number, is_mobile_number
from anphu_portal.phones import normalize_phone as normalize_any_phone
from feedback.models import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_CONTENT_CHARS,
    Field,
    PendingUpload,
    Submission,
    attachment_validator,
)

HELD_SALT = "feedback.held-uploads"
HELD_MAX_AGE = 3600  # seconds a file accepted on a re-shown form is kept


def normalize_citizen_phone(raw: str) -> str:
    """Return the digits of a citizen's own mobile or landline number."""
    digits = normalize_any_phone(raw)
    if not (is_mobile_number(digits) or is_landline_number(digits)):
        raise ValidationError(
            "Vui lòng nhập số điện thoại của ông/bà. " + PHONE_RULES_HINT, code="phone_service"
        )
    return digits


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that takes several files; each is checked on its own in the form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [file for file in files if file]


def sign_held(keys: list[str]) -> str:
    return signing.dumps([str(key) for key in keys], salt=HELD_SALT) if keys else ""


def held_uploads(token: str) -> list[PendingUpload]:
    """Return the files a signed token names, if it is ours and less than an hour old."""
    if not token:
        return []
    try:
        keys = signing.loads(token, salt=HELD_SALT, max_age=HELD_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return []
    found = {str(upload.key): upload for upload in PendingUpload.objects.filter(key__in=keys)}
    return [found[key] for key in keys if key in found]


class SubmissionForm(AntiSpamFormMixin, forms.ModelForm):
    """A citizen's question, feedback or proposal, with up to three photos or PDFs."""

    min_fill_seconds = 5

    attachments = MultipleFileField(
        label="Tệp đính kèm (không bắt buộc)",
        required=False,
        help_text=f"Tối đa {MAX_ATTACHMENTS} tệp ảnh (JPG, PNG, WEBP) hoặc PDF, tổng dung lượng "
        f"không quá {filesizeformat(MAX_ATTACHMENT_BYTES)}.",
    )
    held = forms.CharField(required=False, widget=forms.HiddenInput)
    drop_held = forms.MultipleChoiceField(
        label="Bỏ tệp đã gửi", required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )
    consent = forms.BooleanField(
        label="Tôi đồng ý để cơ quan xử lý dữ liệu cá nhân nêu trên nhằm trả lời câu hỏi, "
        "phản ánh này.",
        error_messages={
            "required": "Vui lòng đánh dấu đồng ý xử lý dữ liệu cá nhân để gửi câu hỏi."
        },
    )

    class Meta:
        model = Submission
        fields = [
            "kind",
            "name",
            "phone",
            "email",
            "address",
            "field",
            "subject",
            "content",
            "publish_requested",
            "consent",
        ]
        labels = {
            "kind": "Loại",
            "name": "Họ và tên",
            "phone": "Số điện thoại",
            "email": "Thư điện tử (không bắt buộc)",
            "address": "Địa chỉ (không bắt buộc)",
            "field": "Lĩnh vực",
            "subject": "Tiêu đề",
            "content": "Nội dung",
            "publish_requested": "Đồng ý công khai câu hỏi và câu trả lời trên trang Hỏi đáp "
            "(không kèm họ tên, số điện thoại, thư điện tử, địa chỉ).",
        }
        help_texts = {
            "phone": "Dùng để cán bộ liên hệ khi cần, và 4 số cuối dùng để tra cứu kết quả.",
            "email": "Nếu có, ông/bà sẽ nhận mã tra cứu và câu trả lời qua thư điện tử.",
            "content": f"Tối đa {MAX_CONTENT_CHARS:,} ký tự.".replace(",", "."),
            "kind": "",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "content": forms.Textarea(attrs={"rows": 8, "maxlength": MAX_CONTENT_CHARS}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }
        error_messages = {
            "name": {"required": "Vui lòng nhập họ và tên."},
            "phone": {"required": "Vui lòng nhập số điện thoại."},
            "subject": {"required": "Vui lòng nhập tiêu đề."},
            "content": {
                "required": "Vui lòng nhập nội dung.",
                "max_length": "Nội dung dài %(show_value)d ký tự; tối đa %(limit_value)d ký tự.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = Field.choices
        self.held_files = held_uploads(self.data.get("held", "")) if self.is_bound else []
        self.fields["drop_held"].choices = [(str(u.key), u.original_name) for u in self.held_files]
        self.accepted_files = []

    def clean_phone(self):
        return normalize_citizen_phone(self.cleaned_data["phone"])

    def clean_attachments(self):
        """Keep each valid new file; name each refused one."""
        errors = []
        for upload in self.cleaned_data.get("attachments") or []:
            try:
                attachment_validator(upload)
            except ValidationError as error:
                errors.append(error)
            else:
                self.accepted_files.append(upload)
        if errors:
            raise ValidationError(errors)
        return self.accepted_files

    def kept_held(self) -> list[PendingUpload]:
        dropped = set(self.data.getlist("drop_held")) if self.is_bound else set()
        return [upload for upload in self.held_files if str(upload.key) not in dropped]

    def clean(self):
        cleaned = super().clean()
        held = self.kept_held()
        count = len(held) + len(self.accepted_files)
        size = sum(u.size for u in held) + sum(f.size for f in self.accepted_files)
        if count > MAX_ATTACHMENTS:
            self.add_error(
                "attachments",
                f"Chỉ gửi được tối đa {MAX_ATTACHMENTS} tệp; ông/bà đang gửi {count} tệp. "
                "Hãy bỏ bớt tệp.",
            )
        elif size > MAX_ATTACHMENT_BYTES:
            self.add_error(
                "attachments",
                f"Tổng dung lượng tệp là {filesizeformat(size)}, vượt quá "
                f"{filesizeformat(MAX_ATTACHMENT_BYTES)}; hãy nén ảnh hoặc bỏ bớt tệp.",
            )
        return cleaned

    def hold_accepted_files(self) -> None:
        """Keep the new files that passed their checks for the re-shown form (an hour)."""
        held = self.kept_held()
        for upload in self.accepted_files:
            upload.seek(0)
            held.append(
                PendingUpload.objects.create(
                    file=upload, original_name=upload.name[:200], size=upload.size
                )
            )
        self.accepted_files = []
        self.held_files = held
        data = self.data.copy()
        data["held"] = sign_held([u.key for u in held])
        data.setlist("drop_held", [])
        self.data = data
        self.fields["drop_held"].choices = [(str(u.key), u.original_name) for u in held]

    def submission_data(self) -> dict:
        names = self._meta.fields
        return {name: self.cleaned_data[name] for name in names}


class TrackingForm(forms.Form):
    code = forms.CharField(
        label="Mã tra cứu",
        max_length=20,
        help_text="Ví dụ HD-2026-000123, ghi trên trang xác nhận và trong thư điện tử.",
        error_messages={"required": "Vui lòng nhập mã tra cứu."},
    )
    phone_end = forms.RegexField(
        label="4 số cuối số điện thoại",
        regex=r"^\d{4}$",
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "required": "Vui lòng nhập 4 số cuối số điện thoại đã khai khi gửi.",
            "invalid": "Nhập đúng 4 chữ số cuối của số điện thoại, ví dụ 2108.",
        },
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class QuestionFilterForm(forms.Form):
    q = forms.CharField(label="Từ khóa", required=False, max_length=200)
    linh_vuc = forms.ChoiceField(
        label="Lĩnh vực", required=False, choices=[("", "Tất cả lĩnh vực"), *Field.choices]
    )
