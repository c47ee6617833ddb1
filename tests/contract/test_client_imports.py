"""Every module of the generated Python client imports (a generator bug once emitted one that did not)."""

from __future__ import annotations

import importlib
import pkgutil

import lifeboat_client


def test_every_generated_client_module_imports() -> None:
    failures = []
    names = [m.name for m in pkgutil.walk_packages(lifeboat_client.__path__, prefix="lifeboat_client.")]
    assert len(names) > 50  # the whole client was walked, not an empty package
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # report every broken module at once
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)
