"""The STS session policy behind every restore grant: read-only access to one bucket prefix.

Used by the credential broker against any S3 with STS (AWS, MinIO, the embedded SeaweedFS);
the server intersects it with the role's policy on every request.
"""

from __future__ import annotations

from typing import Any

# Characters an IAM policy reads as wildcards (``*``, ``?``) or variables (``${…}``).
UNSAFE_PREFIX_CHARACTERS = frozenset("*?$")


def read_only_prefix_policy(bucket: str, prefix: str) -> dict[str, Any]:
    """An STS session policy allowing only reads of objects under `bucket/prefix` (and listing them).

    Pass it as `Policy=json.dumps(...)` to `AssumeRole`; the result is the intersection of this
    policy and the role's, enforced by the server on every request.

    Raises ``ValueError`` for an empty prefix (the whole bucket: every group's repository) or one
    with a policy wildcard or variable (``*``, ``?``, ``$``), which would widen the scope.
    """
    prefix = prefix.strip("/")
    if not prefix or any(ch in prefix for ch in UNSAFE_PREFIX_CHARACTERS):
        raise ValueError("a read-only prefix must be non-empty and free of '*', '?' and '$'")
    objects = f"arn:aws:s3:::{bucket}/{prefix}/*"
    listing: dict[str, Any] = {
        "Effect": "Allow",
        "Action": ["s3:ListBucket"],
        "Resource": [f"arn:aws:s3:::{bucket}"],
        "Condition": {"StringLike": {"s3:prefix": [prefix, f"{prefix}/*"]}},
    }
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion"], "Resource": [objects]},
            listing,
        ],
    }
