"""Placement and tenant permissions (declared next to the routes that use them)."""

from __future__ import annotations

from lifeboat.core.authz import Permission

PLACEMENT_READ = Permission(name="placement:read", min_role="viewer")
TENANTS_READ = Permission(name="tenants:read", min_role="viewer")
