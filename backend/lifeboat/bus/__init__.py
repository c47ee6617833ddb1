"""The NATS connection, JetStream KV buckets and subjects."""
