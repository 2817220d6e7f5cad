"""Reads of accounts data, always from what the acting user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken


def api_token_list(*, actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.for_user(actor).select_related("user").order_by("revoked_at", "-created_at")


def api_token_get(*, actor, pk: int) -> ApiToken:
    return ApiToken.objects.for_user(actor).get(pk=pk)
