"""Tenant operations as job kinds: drain, migrate, fleet reload (not built yet)."""
