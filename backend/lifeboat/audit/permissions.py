"""The audit log's permission, declared beside its routes (a domain owns its permissions; the
route-permission test reads every route's, wherever it is declared)."""

from __future__ import annotations

from lifeboat.core.authz import Permission

AUDIT_READ = Permission(name="audit:read", min_role="viewer")
