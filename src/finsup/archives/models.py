"""The archive: one entry per archived matter, numbered per office and year, with the list of the
files archived and their SHA-256 as they were on that day. Entries and items are append-only (the
model refuses and database triggers refuse UPDATE and DELETE): once archived, the record is locked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .choices import ItemRole, Retention
from .registry import matter_kind

USER = settings.AUTH_USER_MODEL


class ArchiveCounter(models.Model):
    """The last serial given per office and year; archiving locks this row, so archive numbers have
    neither gaps nor duplicates (as documents.DocumentCounter does for document numbers)."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("archive counter")
        verbose_name_plural = _("archive counters")
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="archive_counter_unique")]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}: {self.last}"


class ArchiveEntry(AppendOnly):
    """An archived matter. `number` is its 档号: office code-year-retention-serial, e.g.
    371302-2026-D30-0007 (DA/T 22-2015 builds it from 全宗号, 年度, 保管期限 and 件号; the office's
    code stands for its 全宗号). The year is the year the matter closed (its 形成年度)."""

    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("archiving office")
    )
    kind = models.CharField(_("kind of matter"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("record"))
    number = models.CharField(_("archive number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField(_("serial number"))
    retention = models.CharField(_("retention period"), max_length=3, choices=Retention.choices)
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    institution_name = models.CharField(_("institution"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("closed at"))
    archived_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("archived by"))
    archived_at = models.DateTimeField(_("archived at"))
    # SHA-256 of the manifest (package.manifest_bytes): what the package's manifest.json must be.
    manifest_sha256 = models.CharField(_("SHA-256 of the manifest"), max_length=64)

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("archive entry")
        verbose_name_plural = _("archive entries")
        ordering = ["-year", "-seq", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="archive_matter_once"),
            models.UniqueConstraint(fields=["office", "year", "seq"], name="archive_serial_once"),
            models.CheckConstraint(name="archive_serial_positive", condition=models.Q(seq__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("archives:entry", args=[self.pk])

    @property
    def kind_label(self) -> str:
        kind = matter_kind(self.kind)
        return str(kind.label) if kind is not None else self.kind

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return f"archives.archiveentry:{self.pk}"


class ArchiveItem(AppendOnly):
    """One file of an archived matter (卷内文件), in catalogue order, with its SHA-256 on the day it
    was archived and the audit entry that first recorded that SHA-256."""

    entry = models.ForeignKey(ArchiveEntry, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(_("no."))
    role = models.CharField(_("part"), max_length=12, choices=ItemRole.choices)
    name = models.CharField(_("file in the package"), max_length=300)
    title = models.CharField(_("title"), max_length=300)
    doc_number = models.CharField(_("document number"), max_length=60, blank=True)
    date = models.DateField(_("date"))
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    path = models.CharField(max_length=300)  # the stored file, in default_storage
    # The record the file belongs to, as the audit trail names it (documents.officialdocument:12),
    # and the key of the entry's changes that recorded its SHA-256 (pdf_sha256, sha256).
    source_type = models.CharField(max_length=100)
    source_id = models.CharField(max_length=64)
    audit_key = models.CharField(max_length=30)
    audit_seq = models.PositiveBigIntegerField(_("audit entry"), null=True, blank=True)

    scope = Scope(office="entry__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("archived file")
        verbose_name_plural = _("archived files")
        ordering = ["entry", "position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "position"], name="archive_item_position_once"),
            models.UniqueConstraint(fields=["entry", "name"], name="archive_item_name_once"),
        ]

    def __str__(self) -> str:
        return self.name
