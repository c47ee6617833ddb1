"""The object store (S3 through aioboto3) and, later, the credential broker (STS)."""
