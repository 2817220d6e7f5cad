"""The public complaint pages of the portal: no login. Parse, call one service or selector, render."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from finsup.core.client_address import client_address
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error

from . import captcha, selectors, services
from .attachments import check_attachments
from .forms import PublicComplaintForm, TrackForm
from .rate_limit import captcha_refresh_rate_limit, complaint_rate_count_solved, complaint_rate_limit

FILED_KEY = "finsup_complaint_filed"


def _page(request, form, *, status=200, captcha_error=None):
    context = {"form": form} | _captcha_context(request, captcha_error)
    return render(request, "complaints/portal/new.html", context, status=status)


def _captcha_context(request, error=None) -> dict:
    session = request.session
    mode = captcha.mode_of(session)
    question = captcha.question_of(session)
    return {
        "captcha_mode": mode,
        "captcha_text": captcha.in_words(question) if mode == captcha.TEXT else "",
        "captcha_version": captcha.version_of(session),
        "captcha_error": error,
        "captcha_actions": _TEXT_ACTIONS if mode == captcha.TEXT else _IMAGE_ACTIONS,
    }


# (mode asked for, button, element id): a fresh challenge of the same mode first, then the other mode.
_IMAGE_ACTIONS = (
    (captcha.IMAGE, gettext_lazy("New picture"), "captcha-refresh"),
    (captcha.TEXT, gettext_lazy("Cannot read it? Answer a question in words"), "captcha-switch"),
)
_TEXT_ACTIONS = (
    (captcha.TEXT, gettext_lazy("Another question"), "captcha-refresh"),
    (captcha.IMAGE, gettext_lazy("Show a picture instead"), "captcha-switch"),
)


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    if request.method == "GET":
        captcha.issue(request.session)
        return _page(request, PublicComplaintForm())
    form = PublicComplaintForm(request.POST, request.FILES)
    status = 200
    try:
        complaint_rate_limit(address=client_address(request), session_key=request.session.session_key)
    except ApplicationError as exc:
        form.is_valid()
        form.add_error(None, exc.message)
        status = 429
    else:
        if form.is_valid():
            if not captcha.verify(request.session, form.cleaned_data["captcha"]):
                form.add_error("captcha", _("The answer is wrong. Please solve the new sum."))
            else:
                complaint_rate_count_solved(address=client_address(request))
                try:
                    files = check_attachments(form.cleaned_data["attachments"])
                    complaint = services.complaint_file(data=form.cleaned_data, attachments=files)
                except ApplicationError as exc:
                    add_service_error(form, exc)
                else:
                    request.session[FILED_KEY] = complaint.tracking_code
                    return redirect("portal:complaint_filed")
    captcha.issue(request.session)  # a challenge is never answered twice
    return _page(request, form, status=status)


@never_cache
@require_POST
def complaint_captcha_refresh(request):
    """A new challenge: a fresh picture (mode=image) or the text alternative (mode=text). By HTMX
    only the captcha's part of the form is answered, and nothing typed is lost; without script the
    form's own button posts the whole form here, and the page comes back with what was typed (the
    files must be chosen again). Counted by rate_limit.captcha_refresh_rate_limit: when refused, the
    challenge in hand stays and the refusal is said beside it (HTMX swaps only a 200, hence 200)."""
    mode = request.POST.get("mode")
    error = None
    try:
        captcha_refresh_rate_limit(address=client_address(request), session_key=request.session.session_key)
    except ApplicationError as exc:
        error = exc.message
    else:
        captcha.issue(request.session, mode=mode)
    if request.htmx:
        return render(request, "complaints/portal/_captcha.html", _captcha_context(request, error))
    typed = {k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "captcha", "mode"}}
    return _page(request, PublicComplaintForm(initial=typed), status=429 if error else 200, captcha_error=error)


@never_cache
@require_safe
def complaint_captcha(request):
    return HttpResponse(captcha.render_png(captcha.question_of(request.session)), content_type="image/png")


@never_cache
@require_safe
def complaint_filed(request):
    code = request.session.get(FILED_KEY)
    if not code:
        return redirect("portal:complaint_track")
    return render(request, "complaints/portal/filed.html", {"code": code})


@require_safe
def complaint_track(request):
    form = TrackForm(request.GET or None)
    found, searched = None, False
    if form.is_valid():
        searched = True
        found = selectors.public_complaint_by_code(form.cleaned_data["code"])
    return render(request, "complaints/portal/track.html", {"form": form, "complaint": found, "searched": searched})
