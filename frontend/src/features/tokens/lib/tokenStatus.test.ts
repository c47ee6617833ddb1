import { describe, expect, it } from "vitest";

import type { ApiToken } from "@/features/tokens/api/types";
import { tokenStatus } from "./tokenStatus";

const base: ApiToken = {
  id: "5b0c8f5e-0a47-4bb5-9d36-4c3c1c9d7f10",
  name: "restore-agent-dc2",
  prefix: "lb_ab12cd",
  role: "restore-consumer",
  environment: "*",
  created_at: "2026-11-01T00:00:00Z",
  created_by: "admin",
  expires_at: null,
  last_used_at: null,
  revoked_at: null,
};
const now = Date.parse("2026-11-22T05:00:00Z");

describe("tokenStatus", () => {
  it("is active without expiry or revocation", () => {
    expect(tokenStatus(base, now)).toBe("active");
    expect(tokenStatus({ ...base, expires_at: "2026-12-01T00:00:00Z" }, now)).toBe("active");
  });
  it("is expired once expires_at has passed", () => {
    expect(tokenStatus({ ...base, expires_at: "2026-11-22T04:59:59Z" }, now)).toBe("expired");
  });
  it("is revoked when revoked, even if also expired", () => {
    expect(tokenStatus({ ...base, revoked_at: "2026-11-10T00:00:00Z", expires_at: "2026-11-11T00:00:00Z" }, now)).toBe("revoked");
  });
});
