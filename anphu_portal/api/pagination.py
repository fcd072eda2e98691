"""Page-number pagination with absolute next/previous links, the same for every list."""

from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    """Pages of 20 rows (up to 100 with ?page_size=), with count, next and previous."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "Không có trang này. / No such page."

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"] = {
            "licence": {"type": "object", "description": "Giấy phép dữ liệu / Data licence"},
            "publisher": {"type": "object", "description": "Đơn vị công bố / Publishing unit"},
            **schema["properties"],
        }
        return schema
