"""Identity tables: users, their role bindings, API tokens, browser sessions, login attempts."""

from __future__ import annotations

from piccolo.columns import (
    UUID,
    Boolean,
    ForeignKey,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table


class User(Table, tablename="auth_user"):
    id = UUID(primary_key=True)
    username = Varchar(length=64, unique=True)
    display_name = Varchar(length=128)
    password_hash = Text(null=True, default=None)
    disabled = Boolean(default=False)
    created_at = Timestamptz()
    last_login_at = Timestamptz(null=True, default=None)


class UserRole(Table, tablename="auth_user_role"):
    id = UUID(primary_key=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False)
    role = Varchar(length=32)
    environment = Varchar(length=64)


class ApiToken(Table, tablename="auth_api_token"):
    id = UUID(primary_key=True)
    name = Varchar(length=100)
    prefix = Varchar(length=16)
    token_hash = Varchar(length=64, unique=True)
    role = Varchar(length=32)
    environment = Varchar(length=64)
    created_at = Timestamptz()
    created_by = Varchar(length=128)
    expires_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    revoked_by = Varchar(length=128, null=True, default=None)


class Session(Table, tablename="auth_session"):
    id = UUID(primary_key=True)
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    last_seen_at = Timestamptz()


class LoginAttempt(Table, tablename="auth_login_attempt"):
    id = UUID(primary_key=True)
    username = Varchar(length=64, index=True)
    client = Varchar(length=64)
    at = Timestamptz(index=True)
    succeeded = Boolean(default=False)
