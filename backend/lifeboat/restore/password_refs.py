"""Repository password references: which ``env:`` and ``file:`` references a group may hold.

A reference names where the credentials broker reads a repository password; the password goes
to a restore consumer. So a reference must never reach another secret of this process:

* ``env:NAME`` only for variables named ``LIFEBOAT_REPO_PASSWORD_<SUFFIX>`` (never the S3 root
  keys, the fleet secret, the dev root token, ``PATH``…);
* ``file:/abs/path`` only inside the configured secrets directory (``LIFEBOAT_SECRETS_DIR``):
  the path is absolute and normalised (no ``.``, ``..`` or empty components) and its real path
  (symlinks resolved) is inside the directory's real path; without a secrets directory no
  ``file:`` reference is accepted.

:func:`check_password_ref` is asked when a group is written (422 naming ``password_ref``) and
again when the password is read (a row written before these rules must not leak either).
The value is never echoed: a password pasted here by mistake must not come back in an error.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from lifeboat.core.errors import FieldError, Unprocessable

ENV_PREFIX = "LIFEBOAT_REPO_PASSWORD_"
_ENV_NAME = re.compile(rf"{ENV_PREFIX}[A-Za-z0-9_]{{1,100}}")
# A password file larger than this is a misconfiguration, not a password.
MAX_PASSWORD_BYTES = 64 * 1024


class PasswordRefRefused(Unprocessable):
    code = "password-ref-refused"
    title = "Password reference refused"


def _refuse(problem: str) -> PasswordRefRefused:
    return PasswordRefRefused(
        f"password_ref {problem}.", errors=[FieldError(field="password_ref", message=problem)]
    )


def _real_secrets_dir(secrets_dir: str | None) -> Path:
    if not secrets_dir:
        raise _refuse(
            "file: references need a secrets directory: this Lifeboat has none (set LIFEBOAT_SECRETS_DIR), "
            f"use env:{ENV_PREFIX}<NAME>"
        )
    return Path(os.path.realpath(secrets_dir))


def confined_password_file(path_text: str, secrets_dir: str | None) -> Path:
    """The real path of a ``file:`` reference's path when it is inside the secrets directory;
    a 422 otherwise. Symlinks are resolved as they are now (so one pointing out is refused)."""
    root = _real_secrets_dir(secrets_dir)
    if "\x00" in path_text or not path_text.startswith("/"):
        raise _refuse(f"file: must be followed by an absolute path inside the secrets directory {root}")
    parts = path_text[1:].split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise _refuse("file: path must be normalised (no '.', '..' or empty components)")
    real = Path(os.path.realpath(path_text))
    if real == root or not real.is_relative_to(root):
        raise _refuse(f"file: path must be a file inside the secrets directory {root} (symlinks resolved)")
    return real


def check_password_ref(ref: str, *, secrets_dir: str | None) -> str:
    """``ref`` when it is ``env:LIFEBOAT_REPO_PASSWORD_<NAME>`` or ``file:/path`` inside the
    secrets directory; a 422 ``password-ref-refused`` naming ``password_ref`` otherwise."""
    kind, sep, where = ref.partition(":")
    if not sep or kind not in ("env", "file"):
        raise _refuse(f"must be env:{ENV_PREFIX}<NAME> or file:/path inside LIFEBOAT_SECRETS_DIR")
    if kind == "env":
        if not _ENV_NAME.fullmatch(where):
            raise _refuse(
                f"env: may only name a variable {ENV_PREFIX}<NAME> (letters, digits, '_'); "
                "other variables of this process are never handed out"
            )
        return ref
    confined_password_file(where, secrets_dir)
    return ref


def read_password_file(path_text: str, secrets_dir: str | None) -> str:
    """The password in a confined file (a trailing newline is not part of it). Re-checks the
    confinement, opens the resolved path without following a last-moment symlink and reads only
    a regular file (never a FIFO, device or /proc entry)."""
    real = confined_password_file(path_text, secrets_dir)
    fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ValueError("not a regular file")
        raw = handle.read(MAX_PASSWORD_BYTES + 1)
    if len(raw) > MAX_PASSWORD_BYTES:
        raise ValueError("password file too large")
    # A trailing newline is how editors and `echo` end files; it is not part of the password.
    return raw.decode("utf-8").removesuffix("\n").removesuffix("\r")


__all__ = [
    "ENV_PREFIX",
    "PasswordRefRefused",
    "check_password_ref",
    "confined_password_file",
    "read_password_file",
]
