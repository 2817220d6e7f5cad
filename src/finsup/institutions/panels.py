"""The tabs of the institution page, and what follows a change of its lead supervisor.

The registry's own tabs are declared here; the apps above it add theirs (reporting its filings,
monitoring its risk warnings) with `register_institution_panel` in their AppConfig.ready, and
their reaction to a new lead supervisor with `register_on_reassign`, so the registry imports none
of them (as notifications/waiting.py and inspections/timeline.py do). Each tab has a fixed place
(`order`): the page looks the same whichever app starts first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

# rows(actor=, institution=) → what the tab lists, or None when the actor does not get the tab.
PanelRows = Callable[..., Any]


@dataclass(frozen=True)
class Panel:
    key: str  # ?tab=<key>
    order: int
    title: str
    template: str  # the tab's content
    rows: PanelRows | None = None  # None: the page's own context holds the rows (the registry's tabs)
    rows_name: str = ""  # the name of its rows in the page's context; the key if empty
    counted: bool = False  # the tab shows the number of rows
    link_needs_rows: bool = False  # the tab's link only when it has rows (the content stays reachable)
    tab_template: str = "institutions/_tab.html"  # the tab's link

    @property
    def context_name(self) -> str:
        return self.rows_name or self.key


@dataclass(frozen=True)
class Tab:
    key: str
    title: str
    template: str
    tab_template: str
    count: int | None
    linked: bool


_REGISTRY_TABS = (
    Panel("overview", 10, _("Overview"), "institutions/tabs/overview.html"),
    Panel("shareholders", 20, _("Shareholders"), "institutions/tabs/shareholders.html", counted=True),
    Panel(
        "people",
        30,
        _("Directors and executives"),
        "institutions/tabs/people.html",
        rows_name="key_persons",
        counted=True,
    ),
    Panel(
        "related", 40, _("Related parties"), "institutions/tabs/related.html", rows_name="related_parties", counted=True
    ),
    Panel("status", 60, _("Status history"), "institutions/tabs/status.html", rows_name="status_changes"),
    Panel("history", 70, _("Change log"), "institutions/tabs/history.html", link_needs_rows=True),
    Panel(
        "decisions",
        65,
        _("Changes decided"),
        "institutions/tabs/decisions.html",
        rows_name="decision_rows",
        counted=True,
        link_needs_rows=True,
    ),
)

_PANELS: list[Panel] = []
_ON_REASSIGN: list[Callable[..., Any]] = []


def register_institution_panel(panel: Panel) -> Panel:
    """Adds a tab to the institution page; registering the same key again replaces it."""
    _PANELS[:] = [p for p in _PANELS if p.key != panel.key] + [panel]
    return panel


def register_on_reassign(hook: Callable[..., Any]) -> Callable[..., Any]:
    """hook(institution=) runs when the institution's lead supervisor changes; usable as a decorator."""
    if hook not in _ON_REASSIGN:
        _ON_REASSIGN.append(hook)
    return hook


def lead_supervisor_changed(*, institution) -> None:
    for hook in _ON_REASSIGN:
        hook(institution=institution)


def registered_rows(context: dict) -> list:
    """The rows of the apps' tabs that `institution_tabs` put in `context` (their pages link to them)."""
    return [context[p.context_name] for p in _PANELS if p.rows is not None and context.get(p.context_name) is not None]


def institution_tabs(*, actor, institution, context: dict) -> list[Tab]:
    """The tabs the actor gets, in their order; the registered tabs' rows are added to `context`."""
    tabs = []
    for panel in sorted((*_REGISTRY_TABS, *_PANELS), key=lambda p: p.order):
        if panel.rows is not None:
            rows = context[panel.context_name] = panel.rows(actor=actor, institution=institution)
            if rows is None:
                continue
        else:
            rows = context.get(panel.context_name)
        tabs.append(
            Tab(
                key=panel.key,
                title=panel.title,
                template=panel.template,
                tab_template=panel.tab_template,
                count=len(rows) if panel.counted else None,
                linked=bool(rows) or not panel.link_needs_rows,
            )
        )
    return tabs
