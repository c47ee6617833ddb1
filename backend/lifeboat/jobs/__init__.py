"""The job engine: durable, idempotent, cancellable multi-step operations (see docs/jobs.md when built)."""
