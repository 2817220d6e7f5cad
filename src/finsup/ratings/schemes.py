"""Rating schemes as versioned data: one TOML file per kind and version under ``schemes/``
(``FINSUP_RATING_SCHEMES_DIR`` points elsewhere). The loader refuses a file whose weights do not sum
to 100, whose bands do not cover 0–100 without gap or overlap, or which names an unknown level,
measure or indicator type. No Django models here: plain, frozen data."""

from __future__ import annotations

import datetime
import functools
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsup.institutions.choices import InstitutionKind

from .choices import Level, Measure

SCHEMES_DIR = Path(__file__).resolve().parent / "schemes"
MEASURES = {"rule_breaches", "rule_value_latest", "warnings"}
LEVELS_BY_KIND = {
    InstitutionKind.MICROLOAN: {Level.I, Level.II, Level.III, Level.IV, Level.V1, Level.V2},
}
DEFAULT_LEVELS = {Level.I, Level.II, Level.III, Level.IV, Level.V}
HUNDRED = Decimal(100)


# The parts of a scheme an office may set itself (office_sets), by name.
SCHEME_PARTS = {
    "levels": gettext_lazy("what each level entails"),
    "indicators": gettext_lazy("indicators"),
    "weights": gettext_lazy("weights"),
    "bands": gettext_lazy("score bands"),
    "funding_multiple": gettext_lazy("funding multiple"),
    "inspection": gettext_lazy("on-site inspection frequency"),
    "restrictions": gettext_lazy("business restrictions"),
    "measures": gettext_lazy("supervisory measures"),
}


def office_set_name(key: str) -> str:
    parts = key.split(".")
    if parts[0] != "levels" or len(parts) == 1:
        return str(SCHEME_PARTS.get(key, key))
    what = str(SCHEME_PARTS.get(parts[-1], parts[-1]))
    if len(parts) == 3:
        return _("level %(level)s: %(what)s") % {"level": parts[1], "what": what}
    return _("every level: %(what)s") % {"what": what}


class SchemeError(ValueError):
    pass


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    type: str  # quantitative | qualitative
    weight: Decimal
    measure: str = ""
    rule: str = ""
    rules: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    better: str = "lower"
    steps: tuple[tuple[Decimal, Decimal], ...] = ()
    otherwise: Decimal = Decimal(0)

    @property
    def quantitative(self) -> bool:
        return self.type == "quantitative"

    def score_for(self, value: Decimal | None) -> Decimal:
        """The score of a measured value on the indicator's steps; no value scores `otherwise`."""
        if value is None:
            return self.otherwise
        for bound, score in self.steps:
            if (value <= bound) if self.better == "lower" else (value >= bound):
                return score
        return self.otherwise


@dataclass(frozen=True)
class Band:
    level: str
    min: Decimal
    max: Decimal


@dataclass(frozen=True)
class LevelEffects:
    level: str
    funding_multiple: Decimal | None = None
    funding_multiple_after_two_years: Decimal | None = None
    inspection_zh: str = ""
    inspection_en: str = ""
    restrictions_zh: str = ""
    restrictions_en: str = ""
    measures: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scheme:
    kind: str
    version: str
    title_zh: str
    title_en: str
    source: str
    status_of_source: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    indicators: tuple[Indicator, ...]
    bands: tuple[Band, ...]
    levels: dict[str, LevelEffects] = field(default_factory=dict)
    office_sets: tuple[str, ...] = ()
    path: str = ""

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    @property
    def office_set_names(self) -> list[str]:
        """What the office set itself (office_sets), by name: "levels.III.funding_multiple" → "III级：融资倍数"."""
        return [office_set_name(key) for key in self.office_sets]

    @property
    def qualitative(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if not i.quantitative)

    def total(self, scores: dict[str, Decimal]) -> Decimal:
        return sum((i.weight * scores[i.id] / HUNDRED for i in self.indicators), Decimal(0)).quantize(Decimal("0.01"))

    def level_for(self, total: Decimal) -> str:
        for band in self.bands:
            if band.min <= total < band.max or (total == band.max == HUNDRED):
                return band.level
        raise SchemeError(f"{self.kind}-{self.version}: no band for {total}")

    def in_force(self, on: datetime.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _indicator(raw: dict, where: str) -> Indicator:
    kind = raw.get("type")
    if kind not in ("quantitative", "qualitative"):
        raise SchemeError(f"{where}: type must be quantitative or qualitative, not {kind!r}")
    ind = Indicator(
        id=raw["id"],
        name_zh=raw["name_zh"],
        name_en=raw["name_en"],
        type=kind,
        weight=_dec(raw["weight"]),
        measure=raw.get("measure", ""),
        rule=raw.get("rule", ""),
        rules=tuple(raw.get("rules", ())),
        sources=tuple(raw.get("sources", ())),
        better=raw.get("better", "lower"),
        steps=tuple((_dec(b), _dec(s)) for b, s in raw.get("steps", ())),
        otherwise=_dec(raw.get("otherwise", 0)),
    )
    if ind.quantitative:
        if ind.measure not in MEASURES:
            raise SchemeError(f"{where}: unknown measure {ind.measure!r} (one of {sorted(MEASURES)})")
        if ind.measure == "rule_value_latest" and not ind.rule:
            raise SchemeError(f"{where}: rule_value_latest needs `rule`")
        if ind.better not in ("lower", "higher") or not ind.steps:
            raise SchemeError(f"{where}: a quantitative indicator needs `better` (lower|higher) and `steps`")
        if any(not (0 <= s <= HUNDRED) for _, s in ind.steps) or not (0 <= ind.otherwise <= HUNDRED):
            raise SchemeError(f"{where}: step scores must lie within 0–100")
    return ind


def parse_scheme(text: str, *, path: str = "") -> Scheme:
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(f"{path}: {exc}") from exc
    where = path or f"{raw.get('kind')}-{raw.get('version')}"
    try:
        kind = raw["kind"]
        if kind not in InstitutionKind.values:
            raise SchemeError(f"{where}: unknown kind {kind!r}")
        known_levels = LEVELS_BY_KIND.get(kind, DEFAULT_LEVELS)
        indicators = tuple(_indicator(i, f"{where} indicator {i.get('id')}") for i in raw["indicators"])
        ids = [i.id for i in indicators]
        if len(set(ids)) != len(ids):
            raise SchemeError(f"{where}: indicator ids must be unique")
        weights = sum((i.weight for i in indicators), Decimal(0))
        if weights != HUNDRED:
            raise SchemeError(f"{where}: weights sum to {weights}, not 100")
        bands = tuple(
            sorted((Band(b["level"], _dec(b["min"]), _dec(b["max"])) for b in raw["bands"]), key=lambda b: b.min)
        )
        _check_bands(bands, known_levels, where)
        levels = {}
        for level, effects in raw.get("levels", {}).items():
            if level not in known_levels:
                raise SchemeError(f"{where}: unknown level {level!r} in [levels]")
            unknown = set(effects.get("measures", ())) - set(Measure.values)
            if unknown:
                raise SchemeError(f"{where}: unknown measures {sorted(unknown)} for level {level}")
            levels[level] = LevelEffects(
                level=level,
                funding_multiple=_dec(effects["funding_multiple"]) if "funding_multiple" in effects else None,
                funding_multiple_after_two_years=_dec(effects["funding_multiple_after_two_years"])
                if "funding_multiple_after_two_years" in effects
                else None,
                inspection_zh=effects.get("inspection_zh", ""),
                inspection_en=effects.get("inspection_en", ""),
                restrictions_zh=effects.get("restrictions_zh", ""),
                restrictions_en=effects.get("restrictions_en", ""),
                measures=tuple(effects.get("measures", ())),
            )
        return Scheme(
            kind=kind,
            version=str(raw["version"]),
            title_zh=raw["title_zh"],
            title_en=raw["title_en"],
            source=raw.get("source", ""),
            status_of_source=raw.get("status_of_source", "U"),
            effective_from=raw["effective_from"],
            effective_to=raw.get("effective_to"),
            indicators=indicators,
            bands=bands,
            levels=levels,
            office_sets=tuple(raw.get("office_sets", ())),
            path=path,
        )
    except KeyError as exc:
        raise SchemeError(f"{where}: missing {exc.args[0]!r}") from exc


def _check_bands(bands: tuple[Band, ...], known_levels: set[str], where: str) -> None:
    if not bands:
        raise SchemeError(f"{where}: no bands")
    unknown = {b.level for b in bands} - known_levels
    if unknown:
        raise SchemeError(f"{where}: unknown levels {sorted(unknown)} (known: {sorted(known_levels)})")
    if len({b.level for b in bands}) != len(bands):
        raise SchemeError(f"{where}: a level has two bands")
    if bands[0].min != 0 or bands[-1].max != HUNDRED:
        raise SchemeError(f"{where}: bands must cover 0–100")
    for low, high in zip(bands, bands[1:], strict=False):
        if low.max != high.min:
            raise SchemeError(f"{where}: bands {low.level} and {high.level} leave a gap or overlap")
    if any(b.min >= b.max for b in bands):
        raise SchemeError(f"{where}: a band must have min < max")


def schemes_dir() -> Path:
    return Path(settings.FINSUP_RATING_SCHEMES_DIR or SCHEMES_DIR)


@functools.cache
def _load(directory: str) -> dict[tuple[str, str], Scheme]:
    found: dict[tuple[str, str], Scheme] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        scheme = parse_scheme(path.read_text(encoding="utf-8"), path=path.name)
        key = (scheme.kind, scheme.version)
        if key in found:
            raise SchemeError(f"{path.name}: {scheme.kind} version {scheme.version} is defined twice")
        found[key] = scheme
    return found


def load_schemes() -> dict[tuple[str, str], Scheme]:
    return _load(str(schemes_dir()))


def scheme_get(kind: str, version: str) -> Scheme:
    try:
        return load_schemes()[(kind, version)]
    except KeyError:
        raise SchemeError(f"no rating scheme {kind} version {version}") from None


def schemes_for(kind: str) -> list[Scheme]:
    return sorted((s for s in load_schemes().values() if s.kind == kind), key=lambda s: s.effective_from)


def scheme_in_force(kind: str, on: datetime.date) -> Scheme | None:
    candidates = [s for s in schemes_for(kind) if s.in_force(on)]
    return candidates[-1] if candidates else None


load_schemes.cache_clear = _load.cache_clear  # type: ignore[attr-defined]
