"""Piccolo's configuration module (``PICCOLO_CONF=lifeboat.db.piccolo_conf``).

Piccolo's migration tooling finds its engine through a module attribute. ``DB`` is replaced
by ``lifeboat.db.migrate.run_migrations`` with an engine for the target database before
migrations run; the default here only serves the ``piccolo`` command line used to author
migrations (``make migration``), reading ``LIFEBOAT_DATABASE_URL`` like the app does.

The app registry names ``lifeboat.piccolo_app`` (the composition root's table list) by module
path, as Piccolo wants it: ``db`` imports no domain's tables.
"""

from __future__ import annotations

import os

from piccolo.conf.apps import AppRegistry

from lifeboat.db.engine import QuietPostgresEngine

DB = QuietPostgresEngine(
    config={"dsn": os.environ.get("LIFEBOAT_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/lifeboat")},
    extensions=(),
)

APP_REGISTRY = AppRegistry(apps=["lifeboat.piccolo_app"])
