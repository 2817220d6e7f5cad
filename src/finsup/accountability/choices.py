from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from finsup.accounts.choices import OversightBody


class SubjectKind(models.TextChoices):
    STAFF = "staff", _("A member of staff")
    OFFICE = "office", _("A lower office")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Opened")
    INVESTIGATING = "investigating", _("Under investigation")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", pgettext_lazy("accountability case", "Closed")


CASE_TRANSITIONS: dict[str, set[str]] = {
    CaseStatus.OPEN: {CaseStatus.INVESTIGATING},
    CaseStatus.INVESTIGATING: {CaseStatus.DECIDED},
    CaseStatus.DECIDED: {CaseStatus.CLOSED},
    CaseStatus.CLOSED: set(),
}
OPEN_CASE_STATUSES = [CaseStatus.OPEN, CaseStatus.INVESTIGATING]


class StepKind(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation and evidence")
    STATEMENT = "statement", _("Statement and defence of the person concerned")
    CONSULTATION = "consultation", _("Consultation with another department")
    OTHER = "other", pgettext_lazy("case step", "Other")


class Decision(models.TextChoices):
    """The outcomes of an accountability case. The sanctions are those of the 行政机关公务员处分条例
    (警告、记过、记大过、降级、撤职、开除), which the responsibility list names as its basis; they
    apply to a person, never to an office."""

    NO_FAULT = "no_fault", _("No fault found, no accountability")
    CRITICISM = "criticism", _("Criticism and education")
    RECTIFY = "rectify", _("Ordered to rectify")
    ADMONISHMENT = "admonishment", _("Admonishment talk")
    CIRCULATED = "circulated", _("Circulated criticism")
    WARNING = "warning", _("Sanction: warning")
    DEMERIT = "demerit", _("Sanction: demerit")
    MAJOR_DEMERIT = "major_demerit", _("Sanction: major demerit")
    DEMOTION = "demotion", _("Sanction: demotion")
    REMOVAL = "removal", _("Sanction: removal from post")
    EXPULSION = "expulsion", _("Sanction: expulsion")
    OTHER_BODY = "other_body", _("Handled by the body the case was transferred to")


SANCTIONS = {
    Decision.WARNING,
    Decision.DEMERIT,
    Decision.MAJOR_DEMERIT,
    Decision.DEMOTION,
    Decision.REMOVAL,
    Decision.EXPULSION,
}
PERSONAL_DECISIONS = SANCTIONS | {Decision.ADMONISHMENT}


class Body(models.TextChoices):
    """Who holds or acts on a case: the financial office itself or one of the oversight bodies."""

    OFFICE = "office", _("Financial office")
    DISCIPLINE = OversightBody.DISCIPLINE.value, OversightBody.DISCIPLINE.label
    PROCURATORATE = OversightBody.PROCURATORATE.value, OversightBody.PROCURATORATE.label
    LEGAL_AFFAIRS = OversightBody.LEGAL_AFFAIRS.value, OversightBody.LEGAL_AFFAIRS.label
    POLICE = OversightBody.POLICE.value, OversightBody.POLICE.label
    COURT = OversightBody.COURT.value, OversightBody.COURT.label


# Bodies that see every case of the offices they oversee, not only the ones sent to them.
FULL_VIEW_BODIES = {OversightBody.DISCIPLINE}
# Bodies that may supervise (督办) a transfer, besides the sending office.
SUPERVISING_BODIES = {OversightBody.DISCIPLINE}


class TransferStatus(models.TextChoices):
    SENT = "sent", _("Sent, awaiting acceptance")
    ACCEPTED = "accepted", pgettext_lazy("transfer status", "Accepted")
    RETURNED = "returned", _("Returned")
    CONCLUDED = "concluded", _("Concluded by the receiving body")


TRANSFER_TRANSITIONS: dict[str, set[str]] = {
    TransferStatus.SENT: {TransferStatus.ACCEPTED, TransferStatus.RETURNED},
    TransferStatus.ACCEPTED: {TransferStatus.RETURNED, TransferStatus.CONCLUDED},
    TransferStatus.RETURNED: set(),
    TransferStatus.CONCLUDED: set(),
}
OPEN_TRANSFER_STATUSES = [TransferStatus.SENT, TransferStatus.ACCEPTED]


class EventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    STEP = "step", _("Investigation step")
    LINK = "link", _("Record linked")
    SENT = "sent", _("Transferred")
    ACCEPTED = "accepted", _("Transfer accepted")
    RETURNED = "returned", _("Transfer returned")
    SUPERVISED = "supervised", _("Supervision of the transfer")
    CONCLUDED = "concluded", _("Transfer concluded")
    DECIDED = "decided", pgettext_lazy("case event", "Decision")
    CLOSED = "closed", _("Case closed")


# A case is sent to one of the oversight bodies, never to the office itself.
CASE_TRANSFER_BODIES = [b for b in Body.values if b != Body.OFFICE]
