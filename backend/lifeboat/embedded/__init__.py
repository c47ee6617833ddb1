"""Embedded servers for `lifeboat dev` and for tests: PostgreSQL, NATS (JetStream), S3 (SeaweedFS).

`EmbeddedStack` (in `lifeboat.embedded.stack`) starts all three under one base directory;
`lifeboat.embedded.postgres`, `.nats` and `.s3` run one server each. Every server is a child
process bound to 127.0.0.1, keeps its data in its own directory across restarts, and dies
with the Python process that started it.
"""
