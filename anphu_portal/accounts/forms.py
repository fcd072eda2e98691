"""The one form of the second login step and of the authenticator set-up."""

from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực",
        max_length=20,
        help_text="6 chữ số trên ứng dụng xác thực, hoặc một mã dự phòng 8 ký tự.",
        error_messages={"required": "Hãy nhập mã xác thực."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class SetupCodeForm(CodeForm):
    code = forms.CharField(
        label="Mã 6 chữ số trên ứng dụng",
        max_length=10,
        error_messages={"required": "Hãy nhập mã 6 chữ số mà ứng dụng đang hiển thị."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
