"""``tagwire admin …``: API tokens and admin users.

Registered from cli.py by importing this module; every command works through the
facade only, prints one line per outcome, and takes ``--json`` for scripts.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from rich.table import Table

from .cli import JSON_OPTION, _iso, _open, _print_json, _short, app, err, out, run_guarded
from .errors import InvalidInputError
from .store.admin import ApiToken

admin_app = typer.Typer(help="Administration: API tokens and admin logins.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for /api/v1/admin (only their hashes are stored).", no_args_is_help=True)
user_app = typer.Typer(help="Admin users who log in at /admin/.", no_args_is_help=True)
admin_app.add_typer(token_app, name="token")
admin_app.add_typer(user_app, name="user")
app.add_typer(admin_app, name="admin")



def _token_json(t: ApiToken) -> dict[str, Any]:
    return dict(id=t.id, name=t.name, active=t.active, created_at=_iso(t.created_at),
                last_used_at=_iso(t.last_used_at), revoked_at=_iso(t.revoked_at))


# -- tokens ---------------------------------------------------------------------------------
@token_app.command("create")
def token_create(name: str, as_json: bool = JSON_OPTION) -> None:
    """Make an API token and print it once: it is not stored and cannot be shown again."""
    def body() -> None:
        with _open() as tw:
            record, token = tw.create_token(name)
        if as_json:
            return _print_json({**_token_json(record), "token": token})
        err.print(f"token {record.id} ({record.name}) created; it is shown once, store it now:", highlight=False)
        sys.stdout.write(token + "\n")
    run_guarded(body)


@token_app.command("list")
def token_list(as_json: bool = JSON_OPTION) -> None:
    """Every API token: id, name, state, created, last used (never the token)."""
    def body() -> None:
        with _open() as tw:
            tokens = tw.api_tokens()
        if as_json:
            return _print_json([_token_json(t) for t in tokens])
        table = Table("id", "name", "state", "created", "last used")
        for t in tokens:
            table.add_row(str(t.id), t.name, "active" if t.active else f"revoked {_short(t.revoked_at)}",
                          _short(t.created_at), _short(t.last_used_at))
        out.print(table)
    run_guarded(body)


@token_app.command("revoke")
def token_revoke(id_or_name: str = typer.Argument(..., metavar="ID_OR_NAME"), as_json: bool = JSON_OPTION) -> None:
    """Revoke an active token by its id or name; requests with it are refused at once."""
    def body() -> None:
        with _open() as tw:
            revoked = tw.revoke_token(id_or_name)
        if as_json:
            return _print_json([_token_json(t) for t in revoked])
        for t in revoked:
            out.print(f"revoked token {t.id} ({t.name})", highlight=False)
    run_guarded(body)


# -- users ------------------------------------------------------------------------------------
def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    try:
        return typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    except typer.Abort:
        raise InvalidInputError("no password given") from None


PASSWORD_STDIN = typer.Option(False, "--password-stdin", help="Read the password from the first line of stdin.")


@user_app.command("create")
def user_create(name: str, password_stdin: bool = PASSWORD_STDIN, as_json: bool = JSON_OPTION) -> None:
    """Add an admin user; asks for the password (or reads it from stdin). Stored as an argon2id hash."""
    def body() -> None:
        password = _password(password_stdin)
        with _open() as tw:
            user = tw.create_admin_user(name, password)
        if as_json:
            return _print_json(dict(username=user.username, created_at=_iso(user.created_at)))
        out.print(f"admin user {user.username} created; log in at /admin/login", highlight=False)
    run_guarded(body)


@user_app.command("password")
def user_password(name: str, password_stdin: bool = PASSWORD_STDIN) -> None:
    """Set a new password for an admin user; their open sessions end."""
    def body() -> None:
        password = _password(password_stdin)
        with _open() as tw:
            tw.set_admin_password(name, password)
        out.print(f"password of {name} changed; their sessions ended", highlight=False)
    run_guarded(body)


@user_app.command("remove")
def user_remove(name: str) -> None:
    """Remove an admin user and end their sessions."""
    def body() -> None:
        with _open() as tw:
            tw.remove_admin_user(name)
        out.print(f"removed admin user {name}", highlight=False)
    run_guarded(body)


@user_app.command("list")
def user_list(as_json: bool = JSON_OPTION) -> None:
    """Every admin user."""
    def body() -> None:
        with _open() as tw:
            users = tw.admin_users()
        if as_json:
            return _print_json([dict(username=u.username, created_at=_iso(u.created_at)) for u in users])
        table = Table("user", "created")
        for u in users:
            table.add_row(u.username, _short(u.created_at))
        out.print(table)
    run_guarded(body)
