"""The job engine's permissions, declared beside its routes."""

from __future__ import annotations

from lifeboat.core.authz import Permission

JOBS_READ = Permission(name="jobs:read", min_role="viewer")
JOBS_RUN = Permission(name="jobs:run", min_role="operator")
ENGINE_ADMIN = Permission(name="engine:admin", min_role="admin")
