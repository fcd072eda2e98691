"""The open-data API: read-only JSON of what the public site shows, at /api/v1/.

The portal holds the conventions (one unit per answer, pagination, licence, caching,
throttling, CORS, the schema); each app declares its endpoints in its `api.py` and hands
their URL patterns to `portal.register_api_routes` in its AppConfig.ready().
"""
