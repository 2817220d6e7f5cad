"""A microloan company's clerk uploads a loan-level data file: parse the request, call the feed
service, render.

The file holds borrowers' ID numbers in clear, so it is written as it arrives straight to a private
temporary file (0600) in the spool folder (0700) under VAR_DIR (spool.py), never to the system's
temporary folder, and is deleted (or moved to the folder an office chose to keep raw files in) as
soon as the feed service has read it. A worker killed meanwhile runs no ``finally``: the sweep that
starts every upload (sweep.py) deletes spool files past their age limit.

A refused upload answers 422 with the form and the reason on the file field: a file that is not a
loan file at all (suffix, empty, too large) and a file the feed service could not read (damaged,
over a cap: its batch is recorded as rejected with the reason). A file that was read but whose rows
fail the checks is a recorded batch: the answer redirects to its report.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView

from finsup.accounts.policies import Action, can_feed_loans
from finsup.core.errors import ApplicationError
from finsup.web.forms import add_service_error
from finsup.web.views import ScopedViewMixin

from .choices import BatchOutcome, FeedChannel
from .crash_points import checkpoint
from .feeds import discard_raw, loan_batch_receive
from .forms import UPLOAD_SUFFIXES, LoanUploadForm
from .ingest import CONTRACT_VERSION
from .spool import upload_dir
from .sweep import loans_sweep
from .views import contract_files


class PrivateUploadedFile(TemporaryUploadedFile):
    """A NamedTemporaryFile (mode 0600, deleted when closed) in the given folder; the suffix of the
    client's file name is kept when it is one of ours, since the reader goes by it."""

    def __init__(self, directory: Path, name, content_type, size, charset, content_type_extra=None):
        suffix = Path(name).suffix.lower()
        file = tempfile.NamedTemporaryFile(
            prefix="upload-", suffix=suffix if suffix in UPLOAD_SUFFIXES else ".upload", dir=directory
        )
        UploadedFile.__init__(self, file, name, content_type, size, charset, content_type_extra)


class PrivateUploadHandler(TemporaryFileUploadHandler):
    """Streams each file of the request to a PrivateUploadedFile; past ``max_bytes`` (all files of
    the request together) it deletes what it wrote and stops storing the upload."""

    def __init__(self, request, *, directory: Path, max_bytes: int):
        super().__init__(request)
        self.directory, self.max_bytes = directory, max_bytes
        self.received, self.too_large, self.files = 0, False, []

    def new_file(self, *args, **kwargs):
        super(TemporaryFileUploadHandler, self).new_file(*args, **kwargs)
        self.file = PrivateUploadedFile(
            self.directory, self.file_name, self.content_type, 0, self.charset, self.content_type_extra
        )
        self.files.append(self.file)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.too_large = True
            self.close_all()
            raise StopUpload(connection_reset=False)  # read the rest of the request and drop it
        self.file.write(raw_data)

    def close_all(self) -> None:
        for file in self.files:
            file.close()  # deletes it, unless it was moved or deleted already


@method_decorator(csrf_exempt, name="dispatch")  # checked in post(), once the upload handler is set
class LoanUploadView(ScopedViewMixin, FormView):
    action = Action.LOAN_FEED_SUBMIT
    form_class = LoanUploadForm
    template_name = "loans/upload.html"
    handler: PrivateUploadHandler | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_feed_loans(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        loans_sweep()
        self.handler = PrivateUploadHandler(
            request, directory=upload_dir(), max_bytes=settings.FINSUP_LOAN_UPLOAD_MAX_BYTES
        )
        request.upload_handlers = [self.handler]
        try:
            return csrf_protect(super().post)(request, *args, **kwargs)
        finally:
            self.handler.close_all()

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "max_bytes": settings.FINSUP_LOAN_UPLOAD_MAX_BYTES,
            "too_large": bool(self.handler and self.handler.too_large),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(contract_files=contract_files(), version=CONTRACT_VERSION, **kwargs)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        path = Path(upload.temporary_file_path())
        checkpoint("spooled")
        institution = self.request.user.institution
        try:
            batch = loan_batch_receive(
                institution=institution,
                channel=FeedChannel.UPLOAD,
                source_name=upload.name,
                path=path,
                by=self.request.user,
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
            return self.form_invalid(form)
        discard_raw(path, institution=institution)
        if batch.problem:
            form.add_error("file", batch.report)
            return self.form_invalid(form)
        if batch.outcome == BatchOutcome.ACCEPTED:
            messages.success(
                self.request,
                _("Imported: %(rows)s loan records of the file were stored.") % {"rows": batch.rows_written},
            )
        elif batch.outcome == BatchOutcome.DUPLICATE:
            messages.info(self.request, _("This file had already been imported: nothing was stored twice."))
        else:
            messages.error(
                self.request,
                _("Nothing was imported: correct the rows listed below and upload the whole file again."),
            )
        return redirect("loans:batch_detail", pk=batch.pk)
