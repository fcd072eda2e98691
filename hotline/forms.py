"""Form fields of the hotline app."""

from django import forms

from hotline.models import Contact

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
