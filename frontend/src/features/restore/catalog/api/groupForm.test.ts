import { describe, expect, it } from "vitest";

import { PASSWORD_REF_PATTERN, groupCreateRequest, groupFormErrors, groupPatchRequest, groupToForm } from "./groupForm";
import type { BackupGroup } from "./types";

const group: BackupGroup = {
  id: "g1",
  name: "eu-postgres",
  repository: { bucket: "backups", prefix: "eu/", region: "eu-west-1", endpoint: null },
  password_ref: "env:LIFEBOAT_REPO_PASSWORD_EU",
  server_count: 3,
  created_at: "2026-11-30T00:00:00Z",
  updated_at: "2026-11-30T00:00:00Z",
  created_by: "admin",
};

describe("group form", () => {
  it("asks for a reference, not a password", () => {
    const form = { ...groupToForm(null), name: "eu", bucket: "backups", prefix: "eu/", passwordRef: "hunter2", reason: "new region" };
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

  it("accepts exactly the password reference forms the server accepts", () => {
    for (const ref of [
      "env:LIFEBOAT_REPO_PASSWORD_EU",
      "env:LIFEBOAT_REPO_PASSWORD_eu_2",
      "file:/run/lifeboat-secrets/eu.pass",
      "file:/run/lifeboat-secrets/..hidden/.pass",
    ]) {
      expect(PASSWORD_REF_PATTERN.test(ref), ref).toBe(true);
    }
    for (const ref of [
      "env:LIFEBOAT_DEV_ROOT_TOKEN", // any other variable of the server
      "env:PATH",
      "env:LIFEBOAT_REPO_PASSWORD_", // no name
      "env:LIFEBOAT_REPO_PASSWORD_EU-1",
      "file:relative/path",
      "file:/run/lifeboat-secrets/../../proc/self/environ",
      "file:/run/lifeboat-secrets/./eu.pass",
      "file:/run//eu.pass",
      "file:/run/lifeboat-secrets/",
      "file:/",
      "file:/run/eu\u0000.pass",
      "vault:secret/eu",
    ]) {
      expect(PASSWORD_REF_PATTERN.test(ref), ref).toBe(false);
    }
  });

  it("says which form a refused reference should have", () => {
    const form = { ...groupToForm(null), name: "eu", bucket: "backups", prefix: "eu/", reason: "new region" };
    expect(groupFormErrors({ ...form, passwordRef: "env:LIFEBOAT_DEV_ROOT_TOKEN" }).passwordRef).toMatch(/LIFEBOAT_REPO_PASSWORD_<NAME>/);
    expect(groupFormErrors({ ...form, passwordRef: "file:/etc/../proc/self/environ" }).passwordRef).toMatch(/normalised.*LIFEBOAT_SECRETS_DIR/);
    expect(groupFormErrors({ ...form, passwordRef: "hunter2" }).passwordRef).toMatch(/LIFEBOAT_SECRETS_DIR/);
    expect(groupFormErrors({ ...form, passwordRef: `env:LIFEBOAT_REPO_PASSWORD_${"A".repeat(101)}` }).passwordRef).toBeDefined();
  });

  it("requires a prefix without wildcards", () => {
    const form = { ...groupToForm(null), name: "eu", bucket: "backups", passwordRef: "env:LIFEBOAT_REPO_PASSWORD_EU", reason: "new region" };
    expect(groupFormErrors(form).prefix).toMatch(/required/);
    expect(groupCreateRequest(form)).toBeNull();
    expect(groupFormErrors({ ...form, bucket: "" }).prefix).toBeUndefined(); // not before a bucket is chosen
    for (const prefix of ["*", "eu/*", "eu/?", "eu/${aws:username}"]) {
      expect(groupFormErrors({ ...form, prefix }).prefix, prefix).toMatch(/'\*', '\?' or '\$'/);
      expect(groupCreateRequest({ ...form, prefix })).toBeNull();
    }
    expect(groupCreateRequest({ ...form, prefix: "eu/postgres" })).toMatchObject({ prefix: "eu/postgres" });
    // An existing group's prefix cannot be emptied either.
    expect(groupPatchRequest(group, { ...groupToForm(group), prefix: "", reason: "whole bucket" })).toBeNull();
  });
});
