"""Object storage (S3 through aioboto3: receipts, evidence, audit checkpoints) and the credential
broker (STS AssumeRole with a per-grant session policy) that hands restore agents read-only,
short-lived access to one repository prefix."""
