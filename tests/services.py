"""Find the PostgreSQL, NATS and S3 servers the tests run against.

Order (CONVENTIONS rule 11): LIFEBOAT_TEST_* variables; else the machine's local services when
they answer; else embedded servers started for this test session.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TestServices:
    __test__ = False  # a data holder, not a test class

    database_url: str
    nats_url: str
    s3_endpoint_url: str
    s3_region: str
    s3_access_key_id: str
    s3_secret_access_key: str
    origin: str


def port_answers(host: str, port: int, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections at host:port."""
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=timeout):
        return True
    return False


@contextlib.contextmanager
def test_services() -> Iterator[TestServices]:
    """Yield the servers to use, starting embedded ones for what is missing."""
    db_url = os.environ.get("LIFEBOAT_TEST_DATABASE_URL")
    nats_url = os.environ.get("LIFEBOAT_TEST_NATS_URL")
    s3_url = os.environ.get("LIFEBOAT_TEST_S3_ENDPOINT_URL")
    if db_url is None and port_answers("127.0.0.1", 5432):
        db_url = "postgresql://postgres@127.0.0.1:5432/postgres"
    if nats_url is None and port_answers("127.0.0.1", 4222):
        nats_url = "nats://127.0.0.1:4222"
    with contextlib.ExitStack() as stack:
        base = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lifeboat-test-")))
        origin = []
        if db_url is None:
            from lifeboat.embedded import stack as embedded

            pg = stack.enter_context(embedded.embedded_postgres(base / "postgres"))
            db_url = pg.database_url
            origin.append("embedded postgres")
        if nats_url is None:
            from lifeboat.embedded import stack as embedded

            nats = stack.enter_context(embedded.embedded_nats(base / "nats"))
            nats_url = nats.nats_url
            origin.append("embedded nats")
        if s3_url is None:
            from lifeboat.embedded import stack as embedded

            s3 = stack.enter_context(embedded.embedded_s3(base / "s3"))
            yield TestServices(
                database_url=db_url,
                nats_url=nats_url,
                s3_endpoint_url=s3.endpoint_url,
                s3_region=s3.region,
                s3_access_key_id=s3.access_key_id,
                s3_secret_access_key=s3.secret_access_key,
                origin=", ".join([*origin, "embedded s3"]),
            )
            return
        yield TestServices(
            database_url=db_url,
            nats_url=nats_url,
            s3_endpoint_url=s3_url,
            s3_region=os.environ.get("LIFEBOAT_TEST_S3_REGION", "us-east-1"),
            s3_access_key_id=os.environ.get("LIFEBOAT_TEST_S3_ACCESS_KEY_ID", "test"),
            s3_secret_access_key=os.environ.get("LIFEBOAT_TEST_S3_SECRET_ACCESS_KEY", "test"),
            origin=", ".join(origin) or "machine services",
        )
