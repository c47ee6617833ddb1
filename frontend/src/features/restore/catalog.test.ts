import { describe, expect, it } from "vitest";

import type { BackupGroup, BackupRun } from "./api";
import { groupCreateRequest, groupFormErrors, groupPatchRequest, groupToForm, latestRunsByType } from "./catalog";

function run(backupType: string, finishedAt: string, status: BackupRun["status"], snapshot: string): BackupRun {
  return {
    id: snapshot,
    server: "pg-eu-1",
    group: "eu-postgres",
    backup_type: backupType,
    snapshot_id: snapshot,
    status,
    started_at: finishedAt,
    finished_at: finishedAt,
    size_bytes: null,
    details: null,
    reported_at: finishedAt,
    reported_by: "token:backup",
  };
}

describe("latestRunsByType", () => {
  it("keeps the newest run and the newest successful one per type, whatever the order", () => {
    const runs = [
      run("postgres", "2026-11-29T01:00:00Z", "succeeded", "a"),
      run("postgres", "2026-11-30T01:00:00Z", "failed", "c"),
      run("files", "2026-11-28T01:00:00Z", "succeeded", "f"),
      run("postgres", "2026-11-29T13:00:00Z", "succeeded", "b"),
    ];
    const latest = latestRunsByType(runs);
    expect(latest.map((entry) => entry.backupType)).toEqual(["files", "postgres"]);
    expect(latest[1]?.latest.snapshot_id).toBe("c");
    expect(latest[1]?.latestSucceeded?.snapshot_id).toBe("b");
    expect(latest[0]?.latestSucceeded?.snapshot_id).toBe("f");
  });

  it("has no successful run for a type that only failed", () => {
    expect(latestRunsByType([run("files", "2026-11-28T01:00:00Z", "failed", "x")])[0]?.latestSucceeded).toBeNull();
  });
});

const group: BackupGroup = {
  id: "g1",
  name: "eu-postgres",
  repository: { bucket: "backups", prefix: "eu/", region: "eu-west-1", endpoint: null },
  password_ref: "env:EU_REPO_PASSWORD",
  server_count: 3,
  created_at: "2026-11-30T00:00:00Z",
  updated_at: "2026-11-30T00:00:00Z",
  created_by: "admin",
};

describe("group form", () => {
  it("asks for a reference, not a password", () => {
    const form = { ...groupToForm(null), name: "eu", bucket: "backups", passwordRef: "hunter2", reason: "new region" };
    expect(groupFormErrors(form).passwordRef).toMatch(/reference/);
    expect(groupCreateRequest(form)).toBeNull();
    expect(groupCreateRequest({ ...form, passwordRef: "file:/etc/lifeboat/eu.pass" })).toMatchObject({
      password_ref: "file:/etc/lifeboat/eu.pass",
      region: null,
      endpoint: null,
    });
  });

  it("patches only what changed, and clears an emptied region", () => {
    const form = { ...groupToForm(group), region: "", reason: "moved to the default region" };
    expect(groupPatchRequest(group, form)).toEqual({ region: null, reason: "moved to the default region" });
    expect(groupPatchRequest(group, { ...groupToForm(group), reason: "nothing" })).toBeNull();
  });
});
