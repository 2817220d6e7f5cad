"""Public pages: no login. Each view parses the request, calls a selector and renders."""

from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from finsup.core import clock
from finsup.duties.selectors import responsibility_list

from . import selectors
from .forms import DirectoryFilterForm


@require_safe
def home(request):
    return render(request, "portal/home.html", {"responsibilities": responsibility_list()})


@require_safe
def responsibilities(request):
    year = clock.today().year
    counts = selectors.duty_work_counts(year=year)
    return render(
        request,
        "portal/responsibilities.html",
        {"responsibilities": responsibility_list(), "year": year, "counts": counts},
    )


@require_safe
@vary_on_headers("HX-Request")
def directory(request):
    form = DirectoryFilterForm(request.GET or None, county_choices=selectors.directory_county_choices())
    filters = form.filters() if form.is_bound else {}
    page = selectors.licensed_institution_page(**filters, page_number=request.GET.get("page"))
    context = {"form": form, "page": page}
    # An HTMX filter change swaps only the results; a history restore needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "portal/_directory_results.html", context)
    return render(request, "portal/directory.html", context)


@require_safe
def contacts(request):
    return render(request, "portal/contacts.html", {"offices": selectors.office_contact_list()})
