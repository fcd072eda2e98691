"""Models of the documents app: the unit's lists, documents, their files and comments."""

import reversion

from documents.models.catalogue import Disclosure, DocumentType, Field, Issuer
from documents.models.documents import (
    Document,
    DocumentQuerySet,
    RelationKind,
    Status,
)
from documents.models.parts import (
    Attachment,
    CommentState,
    DocumentRelation,
    DraftComment,
    TextState,
)

for _model in (DocumentType, Issuer, Field, Attachment, DocumentRelation, DraftComment):
    if not reversion.is_registered(_model):
        reversion.register(_model)
if not reversion.is_registered(Document):
    reversion.register(Document, follow=["attachments", "outgoing_relations"])

__all__ = [
    "Attachment",
    "CommentState",
    "Disclosure",
    "Document",
    "DocumentQuerySet",
    "DocumentRelation",
    "DocumentType",
    "DraftComment",
    "Field",
    "Issuer",
    "RelationKind",
    "Status",
    "TextState",
]
