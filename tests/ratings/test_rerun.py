"""Re-running a decided cycle under a changed scheme shows what would change and changes nothing."""

from pathlib import Path

from finsup.audit.models import AuditEntry
from finsup.ratings import schemes
from finsup.ratings.models import Rating, RatingScore
from finsup.ratings.selectors import cycle_rerun

from .helpers import day, run_cycle


def test_rerun_under_a_changed_scheme_shows_differences_and_changes_no_decided_rating(
    world, monkeypatch, settings, tmp_path
):
    a, b = world.inst_lanshan, world.inst_luozhuang
    scores = {"governance": (80, "较好"), "rectification": (75, "整改基本到位")}  # 60 + 31 = 91: I
    cycle = run_cycle(
        world,
        year=2025,
        kind="microloan",
        institutions=[a, b],
        scores=scores,
        sample_size=1,
        final_on=day("2026-02-10"),
        monkeypatch=monkeypatch,
    )
    decided = {r.pk: (r.final_level, r.final_total) for r in Rating.objects.all()}
    assert set(decided.values()) == {("I", 91)}
    score_rows, audit_rows = RatingScore.objects.count(), AuditEntry.objects.count()

    # The office raises level I to 92 in a new version of the scheme.
    text = (schemes.SCHEMES_DIR / "microloan-2023.toml").read_text(encoding="utf-8")
    text = text.replace('version = "2023"', 'version = "2026"').replace(
        "effective_from = 2023-01-01", "effective_from = 2026-01-01"
    )
    text = text.replace('level = "I"\nmin = 90', 'level = "I"\nmin = 92').replace(
        'level = "II"\nmin = 80\nmax = 90', 'level = "II"\nmin = 80\nmax = 92'
    )
    for name in ("microloan-2023.toml", "private_capital-2024.toml"):
        Path(tmp_path / name).write_text((schemes.SCHEMES_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    Path(tmp_path / "microloan-2026.toml").write_text(text, encoding="utf-8")
    settings.FINSUP_RATING_SCHEMES_DIR = str(tmp_path)

    rows = cycle_rerun(cycle=cycle, scheme=schemes.scheme_get("microloan", "2026"))
    assert [(r.decided_level, r.level, r.changed) for r in rows] == [("I", "II", True)] * 2
    assert all(r.total == 91 for r in rows)
    # Nothing decided changed, nothing was written.
    assert {r.pk: (r.final_level, r.final_total) for r in Rating.objects.all()} == decided
    assert RatingScore.objects.count() == score_rows and AuditEntry.objects.count() == audit_rows
