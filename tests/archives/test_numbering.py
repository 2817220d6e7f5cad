"""Archive numbers have neither gaps nor duplicates when many matters of one office and year are
archived at once (the counter row is locked; PostgreSQL runs the archivings in parallel)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from finsup.archives import registry
from finsup.archives.choices import Retention
from finsup.archives.models import ArchiveCounter, ArchiveEntry
from finsup.archives.services import matter_archive

CLOSED_AT = timezone.make_aware(datetime.datetime(2026, 6, 30, 17, 0))


@pytest.fixture
def test_kind(world, monkeypatch):
    """A kind of matter registered for the test, as another app registers its own: closed matters of
    the Lanshan office, without files, kept for ten years."""

    def load(pk, *, lock):
        return registry.Matter(
            kind="drill",
            pk=pk,
            office=world.lanshan["clerk"].office,
            title=f"演练事项{pk}",
            reference=str(pk),
            closed=True,
            closed_at=CLOSED_AT,
            retention=Retention.YEARS_10,
            subject=world.inst_lanshan,
            url="/",
        )

    kind = registry.MatterKind(key="drill", label="演练", load=load, visible=lambda actor, pk: True)
    monkeypatch.setitem(registry._KINDS, "drill", kind)
    return kind


def test_a_registered_kind_is_archived_with_its_own_retention(world, test_kind):
    entry = matter_archive(by=world.lanshan["clerk"], kind="drill", pk=7)
    assert entry.number == "371302-2026-D10-0001" and entry.kind_label == "演练"
    assert not entry.items.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: row locks are what is tested")
@pytest.mark.django_db(transaction=True)
def test_concurrent_archivings_get_consecutive_numbers(world, test_kind):
    n = 40
    barrier = threading.Barrier(n)
    results, errors = [], []

    def archive(pk):
        try:
            barrier.wait()
            results.append(matter_archive(by=world.lanshan["clerk"], kind="drill", pk=pk).seq)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=archive, args=(pk,)) for pk in range(1, n + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == list(range(1, n + 1))
    numbers = set(ArchiveEntry.objects.values_list("number", flat=True))
    assert numbers == {f"371302-2026-D10-{seq:04d}" for seq in range(1, n + 1)}
    assert ArchiveCounter.objects.get(year=2026).last == n
