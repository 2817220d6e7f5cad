"""A clerk saving the draft of a period while another user of the institution files that period:
the two take the draft's row and the audit chain's head in the same order, so one waits for the
other. Before, the filing took the head first (its new version's audit entry) and the draft last
(discarding it), the draft's save the reverse, and PostgreSQL refused one of them (deadlock)."""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction

from finsup.audit.services import audit_record
from finsup.reporting import catalogue_access as cat
from finsup.reporting.drafts import draft_save
from finsup.reporting.models import FilingDraft, Submission
from finsup.reporting.periods import Period
from finsup.reporting.services import submission_file
from tests import factories as f

from .helpers import pc_figures, pc_institution

QUARTER = Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: row locks of two transactions")
@pytest.mark.django_db(transaction=True)
def test_a_draft_saved_while_its_period_is_filed_waits_instead_of_deadlocking(world):
    inst, clerk = pc_institution("pc_lock_clerk")
    filer = f.make_user("pc_lock_filer", "institution", institution=inst)
    version = cat.version_for(cat.report_for("pc_quarterly", kind=inst.kind), QUARTER)
    draft_save(by=clerk, institution=inst, version=version, period=QUARTER, raw=pc_figures())
    holding, errors = threading.Event(), []

    def save_draft():
        """The draft's save, paused between its two locks: the draft's row, then the audit head."""
        try:
            with transaction.atomic():
                draft = FilingDraft.objects.select_for_update().get(institution=inst, report_code="pc_quarterly")
                holding.set()
                time.sleep(1.5)  # the filing starts meanwhile; PostgreSQL looks for deadlocks after 1 s
                audit_record(action="update", obj=draft, changes={"figures_entered": [1, 1]})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    def file_period():
        try:
            holding.wait()
            submission_file(
                by=filer, institution=inst, report_code="pc_quarterly", period=QUARTER, raw=pc_figures(), channel="web"
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save_draft), threading.Thread(target=file_period)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert Submission.objects.filter(institution=inst, report_code="pc_quarterly").count() == 1
    assert not FilingDraft.objects.filter(institution=inst).exists()  # discarded by the filing, after the save
