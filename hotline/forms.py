"""Form fields of the hotline app."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from hotline.models import Contact
from hotline.phones import PHONE_RULES_HINT

MAX_QUERY_LENGTH = 200


class DirectoryFilterForm(forms.Form):
    """The filter box of the directory page (the same words as the site search)."""

    q = forms.CharField(
        label="Lọc theo tên, chức vụ, cơ quan, số điện thoại hoặc thư điện tử",
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"}
        ),
    )

    @classmethod
    def from_query_string(cls, params) -> "DirectoryFilterForm":
        """Bind the form to ?q=, cut to 200 characters and without NUL, as the site search does."""
        query = params.get("q", "").replace("\x00", "")[:MAX_QUERY_LENGTH]
        return cls({"q": query})


class ContactForm(forms.ModelForm):
    """The contact form of the admin, alone or inline in its group."""

    class Meta:
        model = Contact
        fields = [
            "group",
            "name",
            "title",
            "organization",
            "phones",
            "email",
            "address",
            "note",
            "position",
            "active",
        ]
        error_messages = {
            "email": {"invalid": Contact._meta.get_field("email").error_messages["invalid"]},
        }
        help_texts = {
            "phones": "Một hoặc nhiều số, cách nhau bằng dấu phẩy (,), dấu chấm phẩy (;), "
            "dấu gạch chéo (/) hoặc xuống dòng. Trong mỗi số được có dấu cách, dấu chấm, "
            "gạch ngang, ngoặc đơn hoặc +84, ví dụ “0919.272.108; 02963 957 006”. "
            + PHONE_RULES_HINT,
        }

    def _post_clean(self):
        super()._post_clean()
        # A number or address that failed its own check leaves the field empty for the
        # model, which then claims nothing was typed: only the real error is shown.
        if self.has_error("phones") or self.has_error("email"):
            self._drop_non_field_error("no_phone_nor_email")

    def _drop_non_field_error(self, code: str) -> None:
        """Remove the form-wide errors of one code."""
        errors = self._errors.get(NON_FIELD_ERRORS)
        if errors is None:
            return
        errors.data = [error for error in errors.data if getattr(error, "code", None) != code]
        if not errors.data:
            del self._errors[NON_FIELD_ERRORS]
