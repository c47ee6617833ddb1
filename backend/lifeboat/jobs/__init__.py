"""The job engine: durable multi-step operations in PostgreSQL (ARCHITECTURE.md section 5)."""
