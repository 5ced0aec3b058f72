"""Settings chosen from the environment: the session store."""

from tests.test_security import run_soslokal

SHOW_ENGINE = "from django.conf import settings; print(settings.SESSION_ENGINE)"


def session_engine(**env):
    result = run_soslokal("shell", "-c", SHOW_ENGINE, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_sessions_are_in_the_database_without_redis():
    assert session_engine(REDIS_URL="", SOSLOKAL_SESSIONS="") == (
        "django.contrib.sessions.backends.db"
    )


def test_sessions_are_in_redis_when_there_is_one():
    # Reading the settings opens no connection, so no Redis server is needed here.
    redis = "redis://127.0.0.1:6379/15"
    assert session_engine(REDIS_URL=redis, SOSLOKAL_SESSIONS="") == "soslokal.core.sessions"
    assert session_engine(REDIS_URL=redis, SOSLOKAL_SESSIONS="cached_db") == (
        "django.contrib.sessions.backends.cached_db"
    )


def test_sessions_in_the_cache_need_redis():
    # In-process memory is not shared between app servers: a form would lose its answers.
    result = run_soslokal("shell", "-c", SHOW_ENGINE, REDIS_URL="", SOSLOKAL_SESSIONS="cache")
    assert result.returncode != 0
    assert "SOSLOKAL_SESSIONS=cache needs REDIS_URL" in result.stderr
