"""Restore credentials: short-lived, read-only S3 credentials and the repository password for
what an enabled replica declaration covers (rate-limited per consumer, audited)."""
