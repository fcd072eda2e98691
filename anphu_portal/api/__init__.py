"""The open-data API: read-only JSON of what the public site shows, at /api/v1/.

The portal holds the conventions (one unit per answer, pagination, licence, caching,
throttling, CORS, the schema); each app declares its endpoints in its `api.py`:

    class DocumentViewSet(PublicReadOnlyViewSet):        # anphu_portal.api.views
        section = "van-ban"                              # a Unit.Section, or ""
        queryset = Document.objects.none()               # for the schema
        serializer_class = DocumentSerializer
        filterset_class = DocumentFilter                 # django-filter, optional

        def public_queryset(self, unit):
            return Document.objects.for_unit(unit).published()

    router = SimpleRouter()
    router.register("documents", DocumentViewSet, basename="document")
    urlpatterns = router.urls

and hands them over in its AppConfig.ready(): `portal.register_api_routes("documents",
api.urlpatterns)`. Serializers build absolute links with `anphu_portal.api.units.absolute`
(`self.context["request"]`, `self.context["unit"]`).
"""
