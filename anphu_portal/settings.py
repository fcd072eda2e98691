"""Settings of the An Phú portal, read from the environment and safe by default.

Development (`make run`) sets DJANGO_DEBUG=1 itself. With DEBUG off, a missing
DJANGO_SECRET_KEY or DJANGO_ALLOWED_HOSTS stops start-up with a one-line message.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    """Return the boolean value of an environment variable such as 1/0, true/false."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    """Return a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-use-in-production"
    # ".localhost" serves each demo unit at its own name, e.g. xa-mau.localhost:8000.
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", ".localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "Thiếu biến môi trường DJANGO_SECRET_KEY / "
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Thiếu biến môi trường DJANGO_ALLOWED_HOSTS / "
            "DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG is off."
        )

INSTALLED_APPS = [
    "anphu_portal",
    "news",
    "hotline",
    "procedures",
    "documents",
    "organization",
    # The mail queue; before feedback, whose admin module takes the queue out of the admin.
    "mailer",
    "feedback",
    "reversion",
    "django_ckeditor_5",
    "imagekit",
    "anphu_portal.apps.LoginProtectionConfig",  # django-axes
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # The admin with the portal's login steps (password, then second factor).
    "anphu_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # The open-data API (/api/): read-only JSON, its filters, CORS and the OpenAPI schema.
    "rest_framework",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    # First, so its headers reach every /api/ answer, a 304 and a refused request included.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "anphu_portal.middleware.StaticFilesMiddleware",
    "anphu_portal.middleware.DatabaseOutageMiddleware",
    # Anonymous pages from the cache, before the session, auth, messages and locale
    # middleware they do not need; it counts the visits of the pages it serves.
    "anphu_portal.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "anphu_portal.units.UnitMiddleware",
    # Anonymous page reads from the read replica, when DATABASE_REPLICA_URL sets one.
    "anphu_portal.db_routers.ReplicaReadsMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "anphu_portal.accounts.sessions.AbsoluteSessionExpiryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Adds the media bucket's origin to the policy set just below (nothing without S3).
    "anphu_portal.remote_media.RemoteMediaCspMiddleware",
    "anphu_portal.middleware.ContentSecurityPolicyMiddleware",
    # ETag and 304 answers for /api/, whether the answer was built or read from the cache.
    "anphu_portal.api.middleware.ApiConditionalGetMiddleware",
    "anphu_portal.middleware.VisitorCountingMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "anphu_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anphu_portal.context_processors.site_identity",
            ],
        },
    },
]

WSGI_APPLICATION = "anphu_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# An optional read replica of PostgreSQL: anonymous page reads go there, everything else to
# the primary (anphu_portal.db_routers). Reads stay on the primary for this many seconds
# after a write in a unit: set it above the replica's usual lag.
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"].strip(),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASE_ROUTERS = ["anphu_portal.db_routers.ReplicaRouter"]
REPLICA_AFTER_WRITE_SECONDS = int(os.environ.get("DJANGO_REPLICA_AFTER_WRITE_SECONDS", "5"))
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: page queries are short, and a subquery's inflated cost estimate
        # made PostgreSQL spend 290 ms compiling a 10 ms count (the documents' status filter,
        # bench/explain_pages.py at 20,000 documents).
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests write visitor counts at once: wait for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# The cache is shared by every worker: an edit must reach all of them at once.
if REDIS_URL:
    # Django's Redis cache, wrapped so that Redis being down only means "no cache".
    CACHES = {
        "default": {
            "BACKEND": "anphu_portal.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "anphu"),
        }
    }
else:
    # Its table is made by the migration anphu_portal 0006_cache_table. With the database
    # down this cache is down too, so pages are then answered with the 503 page.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "anphu_portal_cache",
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "anphu"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# How long an anonymous page stays cached; any edit of published content ends it sooner.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
# The release's name in the keys of cached pages and fragments (anphu_portal/release.py):
# a commit or version number; empty, a digest of the portal's code, templates and static files.
PORTAL_RELEASE = os.environ.get("PORTAL_RELEASE", "").strip()
# How long a fragment (the header, the hotline boxes, the home page's news) stays cached
# as HTML, keyed by its sections' versions; kept when the page cache is off; 0: none.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("DJANGO_FRAGMENT_CACHE_SECONDS", "600"))

# The site search counts each tab's matches up to this many ("hơn 100 kết quả"), ten pages:
# nobody pages further, and counting every match of a frequent word costs a whole index
# scan; the articles' ranked window is this many of the newest matches.
SEARCH_MAX_COUNTED = 100

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "anphu_portal.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "anphu_portal.passwords.PortalNamePasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["anphu_portal.formats"]
# Vietnamese for django-axes' admin (the lockout list), which ships none.
LOCALE_PATHS = [BASE_DIR / "anphu_portal" / "accounts" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Citizens' files: outside MEDIA_ROOT, never served by nginx; views check roles first.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-files-are-not-served/"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "anphu_portal.static_files.ManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o644


def s3_storages(environ) -> dict[str, dict]:
    """Return the default and private storages on S3-compatible object storage.

    With several app servers nothing may live on one server's disk: uploads, renditions
    and citizens' files go to buckets that every server reaches. The public bucket is read
    by anyone (its own policy says so); the private one, or the private prefix of the same
    bucket, only through signed URLs that a permission-checked view hands out.
    """
    bucket = environ["AWS_STORAGE_BUCKET_NAME"].strip()
    private_bucket = environ.get("AWS_PRIVATE_BUCKET_NAME", "").strip()
    connection = {
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "signature_version": "s3v4",
        # Never overwrite: a second upload of "anh.jpg" gets a name of its own.
        "file_overwrite": False,
    }
    backend = "storages.backends.s3.S3Storage"
    return {
        "default": {
            "BACKEND": backend,
            "OPTIONS": {
                **connection,
                "bucket_name": bucket,
                "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
                # Public files: plain URLs, which browsers and nginx may cache.
                "querystring_auth": False,
            },
        },
        "private": {
            "BACKEND": backend,
            "OPTIONS": {
                **connection,
                "bucket_name": private_bucket or bucket,
                # In the public bucket, citizens' files keep to a prefix that its policy
                # leaves private.
                "location": environ.get(
                    "AWS_PRIVATE_LOCATION", "" if private_bucket else "private"
                ).strip("/"),
                "querystring_auth": True,
                "querystring_expire": int(environ.get("AWS_PRIVATE_URL_SECONDS") or "60"),
            },
        },
    }


if os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip():
    STORAGES.update(s3_storages(os.environ))
# The nginx block of the README sets client_max_body_size to this (a test compares them).
# The largest request is a document's attachment of up to 30 MB with its form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 32 * 1024 * 1024

ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "quan-tri/").strip("/") + "/"
LOGIN_URL = f"/{ADMIN_PATH}login/"


# --- Accounts: login protection, second factor, sessions, audit retention ---
# django-axes checks every password login first, then Django's own backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, with each role counted only in its own unit.
    "anphu_portal.accounts.unit_roles.UnitRoleBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # shared by all workers
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
# One username from one address: offices and mobile networks share addresses, so neither
# a whole address nor a username everywhere is ever locked.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "anphu_portal.middleware.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Successful logins are in the portal's own audit trail (AuditEvent); axes keeps failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Superusers and the roles in anphu_portal.roles.SECOND_FACTOR_ROLES must use a second
# factor when this is on; anyone who has set one up is always asked for it.
REQUIRE_2FA = env_flag("DJANGO_REQUIRE_2FA", not DEBUG)
OTP_TOTP_THROTTLE_FACTOR = 1  # wait 1, 2, 4, 8… seconds after each wrong code
OTP_STATIC_THROTTLE_FACTOR = 1
# Time allowed between the password and the code of the second step.
SECOND_FACTOR_STEP_SECONDS = 10 * 60

# Admin sessions end 8 hours after login whatever the activity, and with the browser.
SESSION_MAX_AGE_SECONDS = 8 * 60 * 60
SESSION_COOKIE_AGE = SESSION_MAX_AGE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_EXPIRY_WARNING_SECONDS = 10 * 60

# Audit entries older than this are deleted by `manage.py prune_audit_events`.
AUDIT_RETENTION_MONTHS = int(os.environ.get("DJANGO_AUDIT_RETENTION_MONTHS", "24"))

# Security: strict by default, relaxed only for local development.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if not SECURE_SSL_REDIRECT:
        # The TLS proxy in front redirects to HTTPS itself.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
# Units are added without a restart: a host suffix in DJANGO_ALLOWED_HOSTS
# (".angiang.gov.vn") and a wildcard origin here ("https://*.angiang.gov.vn") cover them.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "anphu_portal.views.csrf_failure"

# Refused requests (403, a forged Host) are the client's doing: one line each, no traceback.
# Filters sit on the loggers that write them, since a parent logger's filter is skipped.
ONE_LINE = {"filters": ["one_line"]}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "anphu_portal.log_filters.OneLineForRefusedRequests"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Failed logins and lockouts are warnings; every successful login would be noise.
        "axes": {"level": "WARNING"},
        "django.request": ONE_LINE,
        "django.security.DisallowedHost": ONE_LINE,
        "django.security.csrf": ONE_LINE,
        "django.security.SuspiciousOperation": ONE_LINE,
    },
}

# --- Rich-text editor and images (news) ---
# The editor uploads to the news app's own view: staff with the right to write articles,
# images verified with Pillow, at most 10 MB and 40 megapixels, stored under generated names.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "admin:news_article_upload_image"
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "webp", "gif"]
# The package's own upload URL (/ckeditor5/image_upload/) is not routed: it would skip
# the 40-megapixel check. Should it be routed again, it stays staff-only with these.
CKEDITOR_5_MAX_FILE_SIZE = 10
CKEDITOR_5_FILE_STORAGE = "news.images.generated_name_storage"
CKEDITOR_5_CONFIGS = {
    "default": {"toolbar": ["heading", "|", "bold", "italic", "link"], "language": "vi"},
    "news": {
        "language": "vi",
        # Plugins bundled with the package that must not reach editors: raw HTML,
        # source editing, markdown output, embeds and free styling.
        "removePlugins": [
            "SourceEditing",
            "HtmlEmbed",
            "GeneralHtmlSupport",
            "FullPage",
            "Style",
            "Markdown",
            "MediaEmbed",
            "CodeBlock",
            "Code",
            "Font",
            "Highlight",
            "Alignment",
            "Underline",
            "Strikethrough",
            "Subscript",
            "Superscript",
            "TodoList",
            "Mention",
            "PageBreak",
            "HorizontalLine",
            "TableProperties",
            "TableCellProperties",
            "ImageResize",
            "IndentBlock",
            "ShowBlocks",
            "SpecialCharacters",
            "SpecialCharactersEssentials",
        ],
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "insertTable",
                "uploadImage",
                "|",
                "undo",
                "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Đoạn văn", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Tiêu đề lớn",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Tiêu đề vừa",
                    "class": "ck-heading_heading3",
                },
                {
                    "model": "heading4",
                    "view": "h4",
                    "title": "Tiêu đề nhỏ",
                    "class": "ck-heading_heading4",
                },
            ]
        },
        "image": {
            "toolbar": ["toggleImageCaption", "imageTextAlternative"],
            "insert": {"type": "block"},
        },
        "table": {
            "contentToolbar": ["tableColumn", "tableRow", "mergeTableCells", "toggleTableCaption"]
        },
        "link": {"defaultProtocol": "https://"},
    },
}
# Introduction pages: the articles' editor without image uploads (their pages are text).
CKEDITOR_5_CONFIGS["pages"] = {
    **CKEDITOR_5_CONFIGS["news"],
    "toolbar": {
        "items": [
            item for item in CKEDITOR_5_CONFIGS["news"]["toolbar"]["items"] if item != "uploadImage"
        ],
        "shouldNotGroupWhenFull": True,
    },
}
IMAGEKIT_CACHEFILE_DIR = "CACHE/renditions"
# Renditions are made when a cover is saved, so a page view never resizes an image.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"


# --- Comments on draft documents ---
# How many comments one address, and one e-mail or phone number, may send in an hour.
DOCUMENT_COMMENT_LIMIT_PER_IP_HOUR = int(os.environ.get("DOCUMENT_COMMENT_LIMIT_PER_IP_HOUR", "10"))
DOCUMENT_COMMENT_LIMIT_PER_CONTACT_HOUR = int(
    os.environ.get("DOCUMENT_COMMENT_LIMIT_PER_CONTACT_HOUR", "3")
)
# Commenters' contact data and files are erased this long after the draft's period ends.
DOCUMENT_COMMENT_KEEP_DAYS = int(os.environ.get("DOCUMENT_COMMENT_KEEP_DAYS", "365"))
# The text extraction command reads at most this many pages of a PDF, for this long.
DOCUMENT_TEXT_MAX_PAGES = int(os.environ.get("DOCUMENT_TEXT_MAX_PAGES", "200"))
DOCUMENT_TEXT_MAX_SECONDS = int(os.environ.get("DOCUMENT_TEXT_MAX_SECONDS", "30"))

# --- Visitor statistics ---
# Count visits and page views ("Thống kê truy cập"); 0 switches counting off (benchmarks).
VISITOR_COUNTING = env_flag("DJANGO_VISITOR_COUNTING", True)
# Behind a reverse proxy that appends the client address to X-Forwarded-For, take the
# visitor's address from its last entry instead of REMOTE_ADDR. Off: the header is spoofable.
PORTAL_TRUST_X_FORWARDED_FOR = env_flag("DJANGO_TRUST_X_FORWARDED_FOR", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The throwaway database of the tests and of bench/ (both create it from these TEST
    # settings) is a file, not memory: the live server's threads then get one connection
    # each, as gunicorn's workers do, the concurrent counting test is real, and bench
    # figures are those of a file database. Not test-only, so it stays here.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"anphu-test-{os.getpid()}.sqlite3")
    }
    # Each counted page view writes. In WAL mode readers never wait for that writer and the
    # counting commit skips the fsync (see record_page_view); a connection kept per worker
    # avoids the checkpoint SQLite runs whenever its last connection to the file closes.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))


# --- Open data: the read-only API at /api/v1/ (anphu_portal/api/) ---
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],  # no browsable API
    "DEFAULT_PARSER_CLASSES": [],
    # The API serves what the public site shows, to everyone alike: no logins, no CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["anphu_portal.api.throttling.ClientAddressThrottle"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "anphu_portal.api.pagination.PortalPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "anphu_portal.api.errors.api_exception_handler",
}
# Requests per client address, shared by every worker through the cache.
API_ANON_RATE = os.environ.get("DJANGO_API_RATE", "120/minute")
# The cache alias the throttle counts in; with it unreachable, throttling is skipped.
API_THROTTLE_CACHE = "default"
# How long a client may keep an API answer (any edit still changes its ETag).
API_CACHE_SECONDS = int(os.environ.get("DJANGO_API_CACHE_SECONDS", "300"))
# A list is counted, and paged through, up to this many rows; past it, filters narrow it.
API_MAX_ROWS = 10_000
# The full catalogue dumps change with an import, at most daily.
API_EXPORT_CACHE_SECONDS = int(os.environ.get("DJANGO_API_EXPORT_CACHE_SECONDS", "3600"))
API_LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.vi",
    "attribution": "Được sử dụng lại, ghi rõ nguồn / Free to reuse with attribution",
}
# Any origin may read the API (GET only); other paths send no CORS headers.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
SPECTACULAR_SETTINGS = {
    "TITLE": "Dữ liệu mở / Open data API",
    "DESCRIPTION": (
        "Dữ liệu công khai của cổng thông tin: tin bài, thủ tục hành chính, danh bạ, văn bản, "
        "dự thảo, hỏi đáp, giới thiệu, lãnh đạo, lịch công tác. "
        "Chỉ đọc (GET), định dạng JSON, giấy phép CC BY 4.0 – ghi rõ nguồn là đơn vị "
        "công bố (trường `publisher` của mỗi câu trả lời). Trên tên miền của tỉnh, "
        "`?don-vi=<mã đơn vị>` chọn đơn vị.\n\n"
        "Public data of the portal: news, administrative procedures, contacts, legal "
        "documents, drafts, questions and answers, introduction, leaders, schedule. Read-only "
        "JSON under CC BY 4.0 – credit the publishing unit named in each response's "
        "`publisher`. On the province's host, `?don-vi=<unit slug>` picks the unit."
    ),
    "VERSION": "1",
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": False,
    # Several apps have a "kind"; each keeps a name of its own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ContactGroupKindEnum": "hotline.models.ContactGroup.Kind",
        "BodyKindEnum": "organization.models.Body.Kind",
        "QuestionKindEnum": "feedback.models.Kind",
    },
}
# --- Mail ---
# Django's mail framework writes each message to a queue in the database (django-mailer);
# `manage.py send_mail`, run by cron (README), hands the queue to the real backend, retrying
# deferred messages with `retry_deferred`. A slow or absent mail server never blocks a form.
EMAIL_BACKEND = "mailer.backend.DbBackend"
MAILER_EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cong-thong-tin@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Questions and feedback ---
# Questions a day from one phone number and from one address; wrong tracking attempts an
# hour from one address; "was this page useful?" answers a day per address and page.
FEEDBACK_LIMIT_PER_PHONE = int(os.environ.get("FEEDBACK_LIMIT_PER_PHONE", "3"))
FEEDBACK_LIMIT_PER_IP = int(os.environ.get("FEEDBACK_LIMIT_PER_IP", "20"))
FEEDBACK_TRACKING_FAILURES_PER_HOUR = 10
FEEDBACK_USEFULNESS_PER_PAGE = 3
# Months after an item is closed before the citizen's contact data is erased.
FEEDBACK_KEEP_PERSONAL_DATA_MONTHS = int(os.environ.get("FEEDBACK_KEEP_PERSONAL_DATA_MONTHS", "24"))
