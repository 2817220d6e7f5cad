"""Version 1 of the index's weights: data/weights.toml as it stands when the register is created.
Reference data like the office tree: the migration writes it, and a database emptied by a flush
(tests, a restore drill) gets it back from here. Takes the model class so that the migration can
pass its historical model."""

import datetime

from django.utils import timezone

from .weights import as_data, file_data, parse


def ensure_first_version(WeightSet) -> None:
    """Create version 1 when no version exists (idempotent)."""
    if WeightSet.objects.exists():
        return
    WeightSet.objects.create(
        version=1,
        valid_from=datetime.date(2000, 1, 1),
        weights=as_data(parse(file_data(), 1)),
        note="初始权重（系统预置）",
        created_at=timezone.now(),
    )
