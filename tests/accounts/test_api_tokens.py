"""API tokens: created by an institution's users, shown once, stored as a hash, revocable."""

import hashlib

import pytest
from django.urls import reverse

from finsup.accounts.models import ApiToken
from finsup.accounts.tokens import api_token_authenticate, api_token_create


@pytest.fixture
def inst_client(world, client):
    client.force_login(world.clerk_lanshan_inst)
    return client


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(inst_client, world):
    response = inst_client.post(reverse("accounts:api_tokens"), {"name": "信贷核心系统"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    clear = response.context["clear"]
    token = ApiToken.objects.get()
    assert clear.startswith(f"fsk_{token.prefix}_") and clear in response.content.decode()
    assert token.digest == hashlib.sha256(clear.encode()).hexdigest()
    assert clear not in str(ApiToken.objects.values().get())
    assert token.institution == world.inst_lanshan and token.user == world.clerk_lanshan_inst
    page = inst_client.get(reverse("accounts:api_tokens")).content.decode()
    assert clear not in page and f"fsk_{token.prefix}_" in page and "信贷核心系统" in page
    assert api_token_authenticate(clear) == world.clerk_lanshan_inst


def test_a_token_needs_a_name(inst_client):
    response = inst_client.post(reverse("accounts:api_tokens"), {"name": " "})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_revoke_stops_the_token(inst_client, world):
    token, clear = api_token_create(by=world.clerk_lanshan_inst, name="系统")
    response = inst_client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and api_token_authenticate(clear) is None
    assert inst_client.get("/api/v1/filings", HTTP_AUTHORIZATION=f"Bearer {clear}").status_code == 401


def test_another_institutions_token_cannot_be_revoked_or_seen(inst_client, world):
    token, clear = api_token_create(by=world.clerk_luozhuang_inst, name="别家系统")
    assert inst_client.post(reverse("accounts:api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "别家系统" not in inst_client.get(reverse("accounts:api_tokens")).content.decode()


def test_staff_have_no_token_pages(world, client):
    client.force_login(world.lanshan["leader"])
    assert client.get(reverse("accounts:api_tokens")).status_code == 404
    assert client.post(reverse("accounts:api_tokens"), {"name": "x"}).status_code == 404
    assert not ApiToken.objects.exists()
