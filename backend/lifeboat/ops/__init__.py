"""Tenant and fleet operations as job kinds: ``tenant.drain``, ``tenant.migrate``, ``fleet.reload``."""
