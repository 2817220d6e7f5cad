"""Reading settings from the environment, the same way in base.py and in the stricter production.py."""

import os


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_flag(name: str, default: bool) -> bool:
    """ "1" is on, anything else off; unset is ``default``."""
    return os.environ.get(name, "1" if default else "0") == "1"


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated list; empty items are dropped."""
    return [item for item in os.environ.get(name, default).split(",") if item]
