"""Placement maps in NATS KV, their watcher, and tenants (not built yet)."""
