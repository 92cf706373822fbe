"""`tagwire admin …` and `tagwire sources pause|resume|edit|recrawl` on a real database, --json parsed back."""

import hashlib
import json
import warnings

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tagwire import make_tagwire
from tagwire.cli import app
from tagwire.settings import load_settings
from tagwire.store.schema import api_tokens
from tagwire.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch, database_url):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TAGWIRE_DATABASE_URL", database_url)
    return database_url


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def as_json(*args, input=None):
    r = invoke(*args, "--json", input=input)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def facade(url):
    return make_tagwire(load_settings(environ={}, config_file=None, overrides={"database_url": url}))


def test_token_create_list_revoke(env):
    created = as_json("admin", "token", "create", "dashboard")
    token = created["token"]
    assert created["name"] == "dashboard" and created["active"] is True and len(token) >= 43
    with facade(env) as tw:
        with tw.storage.read("test") as conn:
            stored = conn.execute(select(api_tokens.c.token_hash)).scalars().all()
        assert stored == [hashlib.sha256(token.encode()).hexdigest()]  # the hash only
        client = TestClient(create_app(tw))
        assert client.get("/api/v1/admin/tokens", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        listed = as_json("admin", "token", "list")
        assert [(t["id"], t["name"], t["active"]) for t in listed] == [(created["id"], "dashboard", True)]
        assert token not in json.dumps(listed) and listed[0]["last_used_at"].endswith("+00:00")
        revoked = as_json("admin", "token", "revoke", "dashboard")
        assert [t["revoked_at"] is not None for t in revoked] == [True]
        assert client.get("/api/v1/admin/tokens", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert as_json("admin", "token", "list")[0]["active"] is False
    plain = invoke("admin", "token", "create", "dashboard")  # the name is free again
    assert plain.exit_code == 0 and len(plain.stdout.strip().splitlines()[-1]) >= 43
    assert invoke("admin", "token", "revoke", str(created["id"] + 1)).exit_code == 0  # by id
    table = invoke("admin", "token", "list").stdout
    assert "dashboard" in table and "revoked" in table


def test_user_create_by_prompt_and_stdin_then_log_in(env):
    r = invoke("admin", "user", "create", "ann", input="long enough pw\nlong enough pw\n")
    assert r.exit_code == 0 and "admin user ann created" in r.stdout
    assert as_json("admin", "user", "create", "bob", "--password-stdin", input="another password\n")["username"] == "bob"
    assert [u["username"] for u in as_json("admin", "user", "list")] == ["ann", "bob"]
    with facade(env) as tw:
        cookie, session = tw.login("bob", "another password", "127.0.0.1")
        assert tw.admin_session(cookie).username == "bob"
        assert invoke("admin", "user", "password", "bob", "--password-stdin", input="a new password\n").exit_code == 0
        assert tw.admin_session(cookie) is None  # a new password ends the sessions
        assert invoke("admin", "user", "remove", "ann").exit_code == 0
    assert [u["username"] for u in as_json("admin", "user", "list")] == ["bob"]


def test_sources_pause_resume_edit_recrawl(env):
    assert invoke("sources", "add", "https://herald.example/rss", "--name", "Herald").exit_code == 0
    feed_id = as_json("sources", "pause", "https://herald.example/rss")["id"]
    assert [r["status"] for r in as_json("sources", "list")] == ["paused"]
    assert as_json("sources", "recrawl") == {"scheduled": 0}
    assert as_json("sources", "resume", str(feed_id))["paused"] is False
    assert as_json("sources", "recrawl", str(feed_id)) == {"scheduled": 1}
    with facade(env) as tw:
        assert tw.feed(feed_id).next_check is not None and tw.due_count() == 1
    edited = as_json("sources", "edit", "Herald", "--name", "The Herald", "--home", "https://herald.example/")
    assert edited["name"] == "The Herald" and edited["home_url"] == "https://herald.example/"
    assert as_json("sources", "edit", "https://herald.example/rss", "--home", "")["home_url"] is None
    assert [r["source"] for r in as_json("sources", "list")] == ["The Herald"]
    assert "1 feeds due now" in invoke("sources", "recrawl").stdout


@pytest.mark.parametrize("args, stdin, message", [
    (("admin", "token", "revoke", "nobody"), None, "no active API token 'nobody'"),
    (("admin", "token", "create", ""), None, "a token name is 1 to 100"),
    (("admin", "user", "create", "ann", "--password-stdin"), "short\n", "a password is 8 to 1024 characters"),
    (("admin", "user", "create", "bad name!", "--password-stdin"), "long enough pw\n", "a username is"),
    (("admin", "user", "remove", "nobody"), None, "no admin user 'nobody'"),
    (("sources", "pause", "https://nothing.example/"), None, "no feed with URL"),
    (("sources", "resume", "42"), None, "no feed 42"),
    (("sources", "edit", "Nobody", "--name", "x"), None, "no source named 'Nobody'"),
    (("sources", "edit", "1"), None, "give --name or --home"),
    (("sources", "recrawl", "99999999999999999999999"), None, "no feed"),
])
def test_user_errors_are_one_line(env, args, stdin, message):
    r = runner.invoke(app, list(args), input=stdin)
    assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_duplicate_names_are_refused(env):
    assert invoke("admin", "token", "create", "bot").exit_code == 0
    r = runner.invoke(app, ["admin", "token", "create", "bot"])
    assert r.exit_code == 1 and "an active token named 'bot' exists" in r.output
    assert invoke("admin", "user", "create", "ann", "--password-stdin", input="long enough pw\n").exit_code == 0
    r = runner.invoke(app, ["admin", "user", "create", "ann", "--password-stdin"], input="long enough pw\n")
    assert r.exit_code == 1 and "exists" in r.output
