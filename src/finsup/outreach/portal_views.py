"""The public campaign pages of the portal: no login; only published materials are ever served."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from finsup.core import clock

from . import selectors
from .models import OutreachMaterial
from .views import material_response


@require_safe
def current(request):
    campaigns = selectors.public_current_campaigns(today=clock.today())
    materials = selectors.public_materials(campaigns=campaigns)
    by_campaign = {c.pk: (c, []) for c in campaigns}
    for m in materials:
        by_campaign[m.campaign_id][1].append(m)
    return render(request, "outreach/portal/current.html", {"groups": list(by_campaign.values())})


@require_safe
def material(request, pk: int):
    try:
        found = selectors.public_material_get(pk=pk)
    except OutreachMaterial.DoesNotExist:
        raise Http404 from None
    return material_response(found)
