"""Principals, users, API tokens, sessions, roles, environment bindings and guards."""
