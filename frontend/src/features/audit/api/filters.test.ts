import { describe, expect, it } from "vitest";

import {
  PAGE_SIZE,
  auditSearchToForm,
  auditSearchToQuery,
  formToAuditSearch,
  normalizeTime,
  parseAuditSearch,
} from "./filters";

describe("parseAuditSearch (URL -> filters)", () => {
  it("keeps known, non-empty filters and trims them", () => {
    expect(
      parseAuditSearch({
        actor: " alice ",
        action: "token.*",
        target: "",
        correlation_id: "c-42",
        cursor: "ignored",
        unknown: "x",
      }),
    ).toEqual({ actor: "alice", action: "token.*", correlation_id: "c-42" });
  });

  it("normalizes times to RFC 3339 UTC and drops malformed ones", () => {
    expect(parseAuditSearch({ since: "2026-11-22T07:30:00+02:00", until: "yesterday" })).toEqual({
      since: "2026-11-22T05:30:00Z",
    });
  });

  it("accepts numbers the router parsed from JSON-looking params", () => {
    expect(parseAuditSearch({ target: 42 })).toEqual({ target: "42" });
  });

  it("ignores values of the wrong type", () => {
    expect(parseAuditSearch({ actor: { a: 1 }, action: ["x"], since: true })).toEqual({});
  });
});

describe("auditSearchToQuery (filters -> API)", () => {
  it("passes every filter with the page size", () => {
    expect(
      auditSearchToQuery({ actor: "alice", action: "auth.login", since: "2026-11-22T05:00:00Z", until: "2026-11-23T00:00:00Z" }),
    ).toEqual({ limit: PAGE_SIZE, actor: "alice", action: "auth.login", since: "2026-11-22T05:00:00Z", until: "2026-11-23T00:00:00Z" });
  });

  it("sends only the page size when there are no filters", () => {
    expect(auditSearchToQuery({})).toEqual({ limit: PAGE_SIZE });
  });
});

describe("form <-> URL", () => {
  it("shows URL times as UTC datetime-local values", () => {
    expect(auditSearchToForm({ since: "2026-11-22T05:30:00Z", action: "token.create" })).toEqual({
      actor: "",
      action: "token.create",
      target: "",
      correlation_id: "",
      since: "2026-11-22T05:30",
      until: "",
    });
  });

  it("reads datetime-local values as UTC and drops empty fields", () => {
    expect(
      formToAuditSearch({ actor: " ", action: "auth.*", target: "", correlation_id: "", since: "2026-11-22T05:30", until: "" }),
    ).toEqual({ action: "auth.*", since: "2026-11-22T05:30:00Z" });
  });

  it("round-trips: URL -> form -> URL is the identity on normalized filters", () => {
    const search = parseAuditSearch({
      actor: "ops",
      action: "token.revoke",
      target: "token:5b0c",
      correlation_id: "c-1",
      since: "2026-11-01T00:00:00Z",
      until: "2026-11-22T23:59:00Z",
    });
    expect(formToAuditSearch(auditSearchToForm(search))).toEqual(search);
  });
});

describe("normalizeTime", () => {
  it("treats a time without offset as UTC", () => {
    expect(normalizeTime("2026-11-22T05:30")).toBe("2026-11-22T05:30:00Z");
    expect(normalizeTime("2026-11-22T05:30:15.250Z")).toBe("2026-11-22T05:30:15.250Z");
    expect(normalizeTime("")).toBeNull();
  });
});
