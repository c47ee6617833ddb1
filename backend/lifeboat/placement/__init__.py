"""Placement maps in NATS KV (file fallback), the watcher's in-memory snapshot, and tenants."""
