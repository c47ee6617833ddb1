"""The fleet's permissions: anyone with a role reads the fleet; admins change the registry."""

from __future__ import annotations

from lifeboat.core.authz import Permission

FLEET_READ = Permission(name="fleet:read", min_role="viewer")
FLEET_MANAGE = Permission(name="fleet:manage", min_role="admin")
