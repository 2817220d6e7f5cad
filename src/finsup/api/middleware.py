"""JSON error bodies for what Django answers under /api/ around ninja."""

from __future__ import annotations

import json

from django.http import HttpResponse

from finsup.web.api.errors import API_PREFIX, error_body


class ApiErrorBodyMiddleware:
    """Under /api/, an error answer that is not JSON (Django's 404 page for a path no route matches,
    e.g. `/api/v1/institutions/abc`; ninja's plain 405; the 500 page) becomes the JSON error shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
            and not getattr(response, "streaming", False)
        ):
            replacement = HttpResponse(
                json.dumps(error_body(response.status_code)),
                status=response.status_code,
                content_type="application/json; charset=utf-8",
            )
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response
