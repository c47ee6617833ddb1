import { describe, expect, it } from "vitest";

import { isReadiness } from "./readiness";

describe("isReadiness", () => {
  it("accepts the 503 body, which is a problem that also lists the checks", () => {
    expect(
      isReadiness({
        status: "not_ready",
        checks: [{ name: "nats", ok: false, detail: "connection refused", latency_ms: 2.5 }],
        type: "urn:lifeboat:error:not-ready",
        title: "Not ready",
        detail: "nats: connection refused",
        request_id: "r1",
      }),
    ).toBe(true);
  });
  it("rejects a plain problem without checks", () => {
    expect(isReadiness({ type: "urn:lifeboat:error:unavailable", title: "Service unavailable", status: 503 })).toBe(false);
    expect(isReadiness("Bad gateway")).toBe(false);
  });
});
