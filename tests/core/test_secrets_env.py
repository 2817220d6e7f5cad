"""`finsup keys generate`: an environment file the production settings accept."""

import os
import subprocess
import sys

from django.core.management import call_command

from finsup.core.secrets_env import generate_env


def _env_file_values(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))


def test_each_run_makes_new_secrets():
    first, second = _env_file_values(generate_env()), _env_file_values(generate_env())
    assert set(first) == {"FINSUP_SECRET_KEY", "FINSUP_LOOKUP_KEY", "FINSUP_FIELD_KEYS", "FINSUP_AUDIT_SIGNING_KEY"}
    assert all(first[k] != second[k] for k in first)


def test_the_production_settings_start_with_the_generated_file(capsys):
    call_command("keys", "generate")
    values = _env_file_values(capsys.readouterr().out)
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINSUP_")} | values
    env["DJANGO_SETTINGS_MODULE"] = "finsup.config.settings.production"
    code = "import django; django.setup(); from django.conf import settings; print(len(settings.FINSUP_FIELD_KEYS))"
    started = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "1"
    env.pop("FINSUP_LOOKUP_KEY")
    refused = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "FINSUP_LOOKUP_KEY" in refused.stderr
