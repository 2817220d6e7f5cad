"""The public complaint pages of the portal: no login. Parse, call one service or selector, render."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from finsup.core.client_address import client_address
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error

from . import captcha, selectors, services
from .attachments import check_attachments
from .forms import PublicComplaintForm, TrackForm
from .rate_limit import complaint_rate_count_solved, complaint_rate_limit

FILED_KEY = "finsup_complaint_filed"


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_new(request):
    if request.method == "GET":
        captcha.issue(request.session)
        return render(request, "complaints/portal/new.html", {"form": PublicComplaintForm()})
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
    return render(request, "complaints/portal/new.html", {"form": form}, status=status)


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
