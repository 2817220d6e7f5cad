"""The search page: the whole page without JavaScript, only its results for the header's box (HTMX)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.vary import vary_on_headers

from . import selectors

PAGE_LIMIT = 20  # hits per kind on the page (past them, the kind's own list, filtered)
BOX_LIMIT = 5  # hits per kind under the box


@method_decorator(vary_on_headers("HX-Request"), name="dispatch")
class SearchView(LoginRequiredMixin, View):
    def get(self, request):
        text = request.GET.get("q", "")
        boxed = request.htmx and not request.htmx.history_restore_request
        limit = BOX_LIMIT if boxed else PAGE_LIMIT
        context = {
            "q": " ".join(text.split()),
            "search_text": " ".join(text.split()),
            "groups": selectors.search(actor=request.user, text=text, limit=limit),
            "too_short": selectors.search_query(text) is None,
            "min_length": selectors.MIN_LENGTH,
            "limit": limit,
        }
        return render(request, "search/_box_results.html" if boxed else "search/results.html", context)
