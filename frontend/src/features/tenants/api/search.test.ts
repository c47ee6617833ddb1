import { describe, expect, it } from "vitest";

import { drainRequest, migrateRequest, migrationTargets, relevantActivity } from "./actions";
import { TENANTS_PAGE_SIZE, parseTenantsSearch, tenantsSearchToQuery } from "./search";

describe("tenants search params", () => {
  it("keeps a trimmed q and drops everything else", () => {
    expect(parseTenantsSearch({ q: "  acme ", page: 3 })).toEqual({ q: "acme" });
    expect(parseTenantsSearch({ q: "   " })).toEqual({});
    expect(parseTenantsSearch({ q: 42 })).toEqual({});
    expect(parseTenantsSearch({ q: "x".repeat(200) }).q).toHaveLength(128);
  });

  it("maps to the API query", () => {
    expect(tenantsSearchToQuery({})).toEqual({ limit: TENANTS_PAGE_SIZE });
    expect(tenantsSearchToQuery({ q: "primary-2" })).toEqual({ limit: TENANTS_PAGE_SIZE, q: "primary-2" });
  });
});

describe("tenant actions", () => {
  it("builds drain and migrate jobs, or nothing while the form is incomplete", () => {
    expect(drainRequest("acme", ["aggregate"], null, 60)).toEqual({
      kind: "tenant.drain",
      params: { tenant: "acme", kinds: ["aggregate"], site: null, timeout_s: 60 },
    });
    expect(drainRequest("acme", [], "dr", 60)).toBeNull();
    expect(migrateRequest("acme", "runner", "runner-primary-2", 120)).toEqual({
      kind: "tenant.migrate",
      params: { tenant: "acme", kind: "runner", target: "runner-primary-2", timeout_s: 120 },
    });
    expect(migrateRequest("acme", "runner", null, 120)).toBeNull();
  });

  it("offers the other services of the kind as targets, primary site first", () => {
    const services = [
      { name: "aggregate-primary-1", kind: "aggregate", site: "primary" },
      { name: "aggregate-dr-1", kind: "aggregate", site: "dr" },
      { name: "aggregate-primary-2", kind: "aggregate", site: "primary" },
      { name: "runner-primary-1", kind: "runner", site: "primary" },
    ];
    expect(migrationTargets(services, "aggregate", "aggregate-primary-1").map((o) => o.value)).toEqual([
      "aggregate-dr-1",
      "aggregate-primary-2",
    ]);
  });

  it("shows the services that serve the tenant or could not be asked", () => {
    const rows = [
      { service: "a", present: true, reachable: true, error: null },
      { service: "b", present: false, reachable: true, error: null },
      { service: "c", present: false, reachable: false, error: "state: timeout" },
    ];
    expect(relevantActivity(rows).map((row) => row.service)).toEqual(["a", "c"]);
  });
});
