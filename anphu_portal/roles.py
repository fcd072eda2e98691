"""The staff roles (Django groups) and the permissions each one holds."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS

EDITOR = "Biên tập viên"
APPROVER = "Người duyệt tin"
HOTLINE_STAFF = "Cán bộ quản lý đường dây nóng"
PROCEDURE_STAFF = "Cán bộ thủ tục hành chính"
CLERK = "Cán bộ văn thư"
INSPECTOR = "Thanh tra"
UNIT_ADMIN = "Quản trị đơn vị"
OFFICE = "Văn phòng"
FEEDBACK_STAFF = "Cán bộ tiếp nhận phản ánh"

ROLE_NAMES = [
    EDITOR,
    APPROVER,
    HOTLINE_STAFF,
    PROCEDURE_STAFF,
    CLERK,
    INSPECTOR,
    UNIT_ADMIN,
    OFFICE,
    FEEDBACK_STAFF,
]

# Roles whose changes reach the public without anyone else's review: they (and superusers)
# must log in with a second factor when DJANGO_REQUIRE_2FA is on.
SECOND_FACTOR_ROLES = [APPROVER, HOTLINE_STAFF, PROCEDURE_STAFF, CLERK, OFFICE, FEEDBACK_STAFF]

ORGANIZATION_MODELS = (
    "page",
    "body",
    "person",
    "scheduleentry",
    "signedschedule",
    "banner",
    "link",
    "englishpage",
)


def _model_permissions(app_label: str, *models: str, actions=("add", "change", "delete", "view")):
    return [f"{app_label}.{action}_{model}" for model in models for action in actions]


DOCUMENT_MODELS = (
    "document",
    "documenttype",
    "issuer",
    "field",
    "attachment",
    "documentrelation",
    "draftcomment",
)


# Permissions are named "app_label.codename". Models that do not exist yet are skipped,
# so each app adds its lines here as it lands.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    EDITOR: [
        *_model_permissions("news", "article", actions=("add", "change", "view")),
        "news.view_category",
        "anphu_portal.view_dailyvisitstats",
    ],
    APPROVER: [
        *_model_permissions("news", "article", "category"),
        "news.publish_article",
        # Offers from the units below are accepted or declined with publish_article.
        "news.view_articleoffer",
        "anphu_portal.view_dailyvisitstats",
    ],
    HOTLINE_STAFF: _model_permissions("hotline", "contactgroup", "contact"),
    PROCEDURE_STAFF: _model_permissions(
        "procedures",
        "procedure",
        "sector",
        "agency",
        "procedureagency",
        "procedurechannel",
        "requireddocument",
        "legalbasis",
        "unitprocedurescope",
        "unitproceduredetail",
    ),
    # Publishes the unit's documents and moderates the comments on its drafts.
    CLERK: _model_permissions("documents", *DOCUMENT_MODELS),
    # The unit's own pages, leaders, weekly schedule, emergency banner and links.
    OFFICE: _model_permissions("organization", *ORGANIZATION_MODELS),
    # Reads and answers citizens' questions; publishes answers; keeps the days off.
    FEEDBACK_STAFF: [
        *_model_permissions(
            "feedback", "submission", "submissionattachment", "submissionnote", "holiday"
        ),
        *_model_permissions("feedback", "pageusefulness", actions=("view", "delete")),
    ],
    # Names who holds which role in the unit; the province's administrator makes units.
    # Reads the unit's questions, with the citizens' contact data.
    UNIT_ADMIN: [
        *_model_permissions("anphu_portal", "membership"),
        *_model_permissions(
            "feedback", "submission", "submissionattachment", "submissionnote", actions=("view",)
        ),
    ],
    # Reads the audit trail and every history; changes nothing.
    INSPECTOR: [
        "anphu_portal.view_auditevent",
        *_model_permissions("news", "article", "category", "articleoffer", actions=("view",)),
        *_model_permissions("hotline", "contactgroup", "contact", actions=("view",)),
        *_model_permissions(
            "procedures", "procedure", "sector", "agency", "procedureagency", actions=("view",)
        ),
        # Not the comments on drafts: they hold citizens' contact data.
        *_model_permissions("documents", *DOCUMENT_MODELS[:-1], actions=("view",)),
        *_model_permissions("organization", *ORGANIZATION_MODELS, actions=("view",)),
        # The handling of questions, never the citizens' contact data (see feedback.access).
        *_model_permissions("feedback", "submission", "submissionnote", actions=("view",)),
    ],
}


def grant_role_permissions(app_config=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Create the groups and give each exactly the permissions listed above.

    As a post_migrate receiver it runs once, after the last app's signal, when every app's
    permissions exist: post_migrate is sent once per app, after each migrate and after each
    flush between transactional tests, where this ran 18 times with a query per permission
    (3,800 queries, about 5 s a flush on PostgreSQL).
    """
    if app_config is not None and app_config is not _last_app_with_models():
        return
    dotted = {
        name: [tuple(d.split(".", 1)) for d in names] for name, names in ROLE_PERMISSIONS.items()
    }
    rows = Permission.objects.using(using).filter(
        codename__in={codename for keys in dotted.values() for _app, codename in keys}
    )
    found = {
        (app_label, codename): pk
        for pk, app_label, codename in rows.values_list("pk", "content_type__app_label", "codename")
    }
    for name, keys in dotted.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        # Permissions of models that do not exist (yet) are skipped.
        group.permissions.set([found[key] for key in keys if key in found])


def _last_app_with_models():
    """Return the app whose post_migrate signal is sent last (Django sends them in order)."""
    return [config for config in apps.get_app_configs() if config.models_module is not None][-1]
