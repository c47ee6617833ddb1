"""The Piccolo app: every table of every domain, and the migrations folder (``db/migrations``).

Part of the composition root: the one place that names every domain's tables (Piccolo's
migration tooling needs a registry; ``db.piccolo_conf`` names this module, the runtime binds
``TABLES`` to the pool). ``db`` itself imports no domain.
"""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from lifeboat.audit.tables import AuditEvent
from lifeboat.auth.tables import ApiToken, LoginAttempt, Session, User, UserRole
from lifeboat.fleet.tables import FLEET_TABLES
from lifeboat.jobs.tables import JOB_TABLES
from lifeboat.restore.tables import RESTORE_TABLES

TABLES = [
    User,
    UserRole,
    ApiToken,
    Session,
    LoginAttempt,
    AuditEvent,
    *JOB_TABLES,
    *FLEET_TABLES,
    *RESTORE_TABLES,
]

APP_CONFIG = AppConfig(
    app_name="lifeboat",
    migrations_folder_path=str(Path(__file__).parent / "db" / "migrations"),
    table_classes=TABLES,
    migration_dependencies=[],
    commands=[],
)
