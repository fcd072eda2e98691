"""Page-number pagination whose cost does not grow with the table, the same for every list.

A list is counted no further than `settings.API_MAX_ROWS` rows: below it `count` is exact,
above it `count` is the cap and `count_is_capped` is true. Pages are served up to the cap;
a page past it is a 400 naming the list's filters, with which a client narrows the list
(by date, for articles) and pages on. A page after the first picks its ids with an OFFSET
over the ids only (an index-only scan where the order has an index), then reads those rows.
"""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

BEYOND_CAP = (
    "Chỉ xem được {max_rows} kết quả đầu tiên của một danh sách; hãy thu hẹp danh sách "
    "bằng bộ lọc (ví dụ theo ngày) rồi xem tiếp. / Only the first {max_rows} results of a "
    "list can be paged through; narrow the list with its filters (for example by date) "
    "and page on."
)


class PageBeyondCap(InvalidPage):
    """A page past the rows a list shows, while the list has more rows."""


class PageBeyondCapError(APIException):
    """A 400 whose body (`body`, numbers kept as numbers) the API's error handler sends."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "page_beyond_cap"

    def __init__(self, body: dict):
        super().__init__(body["detail"])
        self.body = body


class CappedPaginator(Paginator):
    """Count up to `max_rows` rows in one query, and page through them only.

    A view may know cheaper ways for its list (both return None for the usual ones):
    `count_rows(limit)` counts the rows no further than `limit`; `page_ids(bottom, size)`
    returns the ids of a slice as a subquery.
    """

    def __init__(self, object_list, per_page, max_rows: int, view=None):
        super().__init__(object_list, per_page)
        self.max_rows = max_rows
        self.counter = getattr(view, "count_rows", None)
        self.page_ids = getattr(view, "page_ids", None)

    @cached_property
    def counted(self) -> int:
        """Return the number of rows, counted no further than one past the cap."""
        limit = self.max_rows + 1
        counted = self.counter(limit) if self.counter else None
        if counted is None:
            counted = self.object_list.order_by()[:limit].count()
        return min(counted, limit)

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.max_rows)

    @property
    def capped(self) -> bool:
        """Return True when the list has more rows than its pages show."""
        return self.counted > self.max_rows

    def validate_number(self, number):
        try:
            wanted = int(number)
        except (TypeError, ValueError):
            wanted = 1  # the paginator's own check answers it
        if wanted > 1 and (wanted - 1) * self.per_page >= self.max_rows and self.capped:
            raise PageBeyondCap(str(wanted))
        return super().validate_number(number)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(self.rows(bottom, top), number, self)

    def rows(self, bottom: int, top: int) -> list:
        """Return the rows of a slice; past the first page, picked by id (a deferred join)."""
        rows = self.object_list
        query = rows.query
        ids = self.page_ids(bottom, top - bottom) if self.page_ids and bottom else None
        if ids is not None:
            return list(rows.filter(pk__in=ids))
        if bottom == 0 or query.distinct or query.combinator or query.group_by is not None:
            return list(rows[bottom:top])
        return list(rows.filter(pk__in=rows.values("pk")[bottom:top]))


class PortalPagination(PageNumberPagination):
    """Pages of 20 rows (up to 100 with ?page_size=), with count, next and previous."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "Không có trang này. / No such page."
    page_query_description = (
        "Số trang. Chỉ xem được {max_rows} kết quả đầu tiên; xa hơn, hãy thu hẹp bằng bộ lọc. "
        "/ A page number. Only the first {max_rows} results can be paged through; past "
        "them, narrow the list with its filters."
    )

    @property
    def max_rows(self) -> int:
        """Return the view's own cap (a `max_rows()` method), else API_MAX_ROWS."""
        own = getattr(getattr(self, "view", None), "max_rows", None)
        return own() if callable(own) else settings.API_MAX_ROWS

    def django_paginator_class(self, queryset, page_size):
        return CappedPaginator(queryset, page_size, self.max_rows, self.view)

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            if isinstance(error.__context__, PageBeyondCap):
                raise self.beyond_cap(view) from error
            raise

    def beyond_cap(self, view) -> PageBeyondCapError:
        filterset = getattr(view, "filterset_class", None)
        filters = list(filterset.base_filters) if filterset else []
        return PageBeyondCapError(
            {
                "detail": BEYOND_CAP.format(max_rows=self.max_rows),
                "max_rows": self.max_rows,
                "filters": filters,
            }
        )

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_capped": self.page.paginator.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        properties = schema["properties"]
        count = {
            **properties["count"],
            "description": (
                f"Số kết quả, đếm đến tối đa {self.max_rows} / The number of results, "
                f"counted up to {self.max_rows} at most (see count_is_capped)"
            ),
        }
        capped = {
            "type": "boolean",
            "example": False,
            "description": (
                f"true: danh sách có hơn {self.max_rows} kết quả, count là mức trần; chỉ xem "
                f"được {self.max_rows} kết quả đầu, hãy thu hẹp bằng bộ lọc / true: the list "
                f"has more than {self.max_rows} results and count is the cap; only the first "
                f"{self.max_rows} can be paged through, narrow the list with its filters"
            ),
        }
        schema["properties"] = {
            "licence": {"type": "object", "description": "Giấy phép dữ liệu / Data licence"},
            "publisher": {"type": "object", "description": "Đơn vị công bố / Publishing unit"},
            "count": count,
            "count_is_capped": capped,
            **{name: value for name, value in properties.items() if name != "count"},
        }
        schema["required"] = ["count", "count_is_capped", "results"]
        return schema

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["description"] = self.page_query_description.format(
                    max_rows=self.max_rows
                )
        return parameters
