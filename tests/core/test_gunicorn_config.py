"""finsup.config.gunicorn sizes the web server for the cores it may use, and both ways of serving
(`make run` and the systemd unit) start gunicorn with it."""

import importlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(monkeypatch, **env):
    for name in ("FINSUP_WEB_WORKERS", "FINSUP_WEB_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import finsup.config.gunicorn as module

    return importlib.reload(module)


def test_threaded_workers_sized_for_the_cores(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    config = _load(monkeypatch)
    assert (config.workers, config.threads, config.worker_class) == (5, 4, "gthread")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert _load(monkeypatch).workers == 17


def test_the_environment_overrides_the_sizes(monkeypatch):
    config = _load(monkeypatch, FINSUP_WEB_WORKERS="3", FINSUP_WEB_THREADS="8")
    assert (config.workers, config.threads) == (3, 8)


@pytest.mark.parametrize("path", ["Makefile", "deploy/systemd/finsup.service"])
def test_make_run_and_the_unit_use_it(path):
    text = (ROOT / path).read_text()
    assert "-c python:finsup.config.gunicorn" in text
    assert "--workers" not in text.split("gunicorn finsup.config.wsgi", 1)[1].split("\n", 1)[0]
