"""Forms of the procedures app: the admin import upload."""

from django import forms

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp thủ tục",
        help_text="Tệp .json (gói tin CSDL quốc gia về TTHC), .xlsx hoặc .csv (UTF-8), tối đa 20 MB.",
    )
    dry_run = forms.BooleanField(
        label="Chạy thử (chỉ báo cáo, không ghi vào cơ sở dữ liệu)",
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 20 MB; hãy tách thành nhiều tệp nhỏ hơn.")
        return upload
