"""Config registry: domains, revisions, validate, plan, apply, rollback, drift (not built yet)."""
