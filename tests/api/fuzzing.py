"""Hypothesis settings of the API's fuzz tests: bounded, derandomized (the same requests every run),
no example database, no deadline (a request's time is not what they test)."""

from hypothesis import HealthCheck, settings


def bounded(max_examples: int, **more) -> settings:
    return settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        **more,
    )
