"""Restore control, in five sub-domains with the same rooms each (``models.py``, ``tables.py``,
``service.py``, ``api.py``, ``jobs.py`` where it defines job kinds):

* ``catalog/``: backup groups (one repository each), servers, and the backup runs backup
  agents report;
* ``replicas/``: replica declarations, restore consumers and their capabilities, the worklist
  and ``covering_declaration`` (what a consumer may restore);
* ``credentials/``: short-lived read-only S3 credentials and the repository password for a
  covered restore;
* ``runs/``: restore runs (external ``restore.run`` jobs), evidence, verification outcomes and
  the pure decision resolver (``runs/decision.py``);
* ``health/``: per-server restore health (the pure rules in ``health/rules.py``), alerts, their
  delivery and the freshness sweep.

Shared by several of them, here: ``permissions`` (route permissions), ``password_refs`` (which
password references a group may hold), ``changes`` (audited operator changes), ``sql``
(the catalog and replica services' queries), ``http`` (the controllers' common parameters),
``tables`` (every restore table, for the Piccolo registry) and ``jobs`` (every restore kind).
"""
