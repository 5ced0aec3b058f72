"""Docs are part of the product: a setting or command nobody can find does not exist."""

import re
from pathlib import Path

from django.core.management import get_commands

PROJECT = Path(__file__).resolve().parent.parent
SETTINGS = PROJECT / "soslokal" / "settings.py"
CONFIGURATION = PROJECT / "docs" / "configuration.md"
COMMANDS = PROJECT / "docs" / "commands.md"


def environment_variables():
    return set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', SETTINGS.read_text()))


def test_settings_are_found():
    assert {"DATABASE_URL", "SOSLOKAL_SECRET_KEY", "SOSLOKAL_MIN_GROUP"} <= environment_variables()


def test_every_environment_variable_is_documented():
    documented = set(re.findall(r"`([A-Z0-9_]+)`", CONFIGURATION.read_text()))
    missing = environment_variables() - documented
    assert not missing, f"document these in docs/configuration.md: {sorted(missing)}"


def test_every_management_command_is_documented():
    ours = {name for name, app in get_commands().items() if app.startswith("soslokal")}
    assert {"framework", "demo"} <= ours
    text = COMMANDS.read_text()
    missing = {name for name in ours if f"soslokal {name}" not in text}
    assert not missing, f"document these in docs/commands.md: {sorted(missing)}"
