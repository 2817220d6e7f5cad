from django import template

register = template.Library()


@register.inclusion_tag("monitoring/_rule_breach_stats.html")
def rule_breach_stats(stats: dict, rule_id: str) -> dict:
    """The rulebook's cell of one rule: breaches, justified, false alarms (selectors.breach_statistics)."""
    return {"count": stats.get(rule_id)}
