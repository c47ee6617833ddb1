import { describe, expect, it } from "vitest";

import type { BackupGroup } from "./api";
import { groupCreateRequest, groupFormErrors, groupPatchRequest, groupToForm } from "./catalog";

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
