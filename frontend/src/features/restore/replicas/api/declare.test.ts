import { describe, expect, it } from "vitest";

import { CUSTOM_VALUE } from "@/features/restore/shared/lib/intents";
import { EMPTY_DECLARE_FORM, declarationRequest, type DeclareForm } from "./declare";

const complete: DeclareForm = {
  ...EMPTY_DECLARE_FORM,
  consumerId: "token:0190a",
  group: "eu-postgres",
  backupType: "postgres",
  intent: "verify",
  notes: "  nightly check  ",
  reason: "  CHG-7 verify restores  ",
};

describe("declarationRequest", () => {
  it("builds a group-wide declaration when no server is chosen", () => {
    expect(declarationRequest(complete)).toEqual({
      consumer_id: "token:0190a",
      group: "eu-postgres",
      server: null,
      backup_type: "postgres",
      intent: "verify",
      enabled: true,
      notes: "nightly check",
      freshness_target_s: 7 * 24 * 3600,
      reason: "CHG-7 verify restores",
    });
  });

  it("sends the chosen freshness target", () => {
    expect(declarationRequest({ ...complete, freshnessTargetS: 24 * 3600 })?.freshness_target_s).toBe(86400);
  });

  it("names the server for a server-specific declaration", () => {
    expect(declarationRequest({ ...complete, server: "pg-eu-1" })?.server).toBe("pg-eu-1");
  });

  it("waits for a consumer, a group, a type, an intent and a reason", () => {
    expect(declarationRequest({ ...complete, consumerId: "" })).toBeNull();
    expect(declarationRequest({ ...complete, group: "" })).toBeNull();
    expect(declarationRequest({ ...complete, backupType: "" })).toBeNull();
    expect(declarationRequest({ ...complete, intent: "" })).toBeNull();
    expect(declarationRequest({ ...complete, reason: " ab " })).toBeNull();
  });

  it("takes a custom intent and type only when they are slugs", () => {
    const custom = { ...complete, intent: CUSTOM_VALUE, customIntent: " compliance-archive ", backupType: CUSTOM_VALUE, customBackupType: "mysql" };
    expect(declarationRequest(custom)).toMatchObject({ intent: "compliance-archive", backup_type: "mysql" });
    expect(declarationRequest({ ...custom, customIntent: "Compliance Archive" })).toBeNull();
    expect(declarationRequest({ ...custom, customBackupType: "" })).toBeNull();
  });
});
