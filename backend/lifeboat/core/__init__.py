"""Cross-cutting pieces every domain uses: ids, clock, errors, pagination, context, logs, telemetry."""
