import { describe, expect, it } from "vitest";

import type { RoleBinding } from "@/api/types";

import { administers, defaultTokenEnvironment, environmentRefusal } from "./tokenScope";

const adminAll: RoleBinding[] = [{ role: "admin", environment: "*" }];
const adminDev: RoleBinding[] = [
  { role: "admin", environment: "dev" },
  { role: "viewer", environment: "*" },
];

describe("token environment", () => {
  it("mirrors the server: admin@E administers E only, * needs admin@*", () => {
    expect(administers(adminAll, "*")).toBe(true);
    expect(administers(adminAll, "prod")).toBe(true);
    expect(administers(adminDev, "dev")).toBe(true);
    expect(administers(adminDev, "prod")).toBe(false);
    expect(administers(adminDev, "*")).toBe(false);
    expect(administers([{ role: "operator", environment: "*" }], "dev")).toBe(false);
  });

  it("defaults to the server's environment, never to *", () => {
    expect(defaultTokenEnvironment("prod", adminAll)).toBe("prod");
    expect(defaultTokenEnvironment("dev", adminDev)).toBe("dev");
    // Not admin where the server runs: the environment it does administer.
    expect(defaultTokenEnvironment("prod", adminDev)).toBe("dev");
    expect(defaultTokenEnvironment("prod", [])).toBe("prod");
  });

  it("says before sending why the server will refuse", () => {
    expect(environmentRefusal(adminAll, "*")).toBeNull();
    expect(environmentRefusal(adminDev, "dev")).toBeNull();
    expect(environmentRefusal(adminDev, "*")).toBe("A token for every environment (*) needs admin@*; you are admin in dev.");
    expect(environmentRefusal(adminDev, "prod")).toBe("A token in prod needs admin@prod (or admin@*); you are admin in dev.");
  });
});
