import createClient from "openapi-fetch";
import { describe, expect, it, vi } from "vitest";

import { CSRF_HEADER, createCsrfMiddleware, createUnauthorizedMiddleware, readCookie } from "./client";
import { parseRetryAfter } from "./problem";
import type { paths } from "./schema";

/** A client whose fetch records requests and answers with `status`. */
function recordingClient(status = 200, body: unknown = {}) {
  const requests: Request[] = [];
  const client = createClient<paths>({
    baseUrl: "http://lifeboat.test",
    fetch: (request: Request) => {
      requests.push(request);
      return Promise.resolve(
        new Response(status === 204 ? null : JSON.stringify(body), {
          status,
          headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" },
        }),
      );
    },
  });
  return { client, requests };
}

describe("readCookie", () => {
  it("finds one cookie among many and decodes it", () => {
    expect(readCookie("a=1; lifeboat_csrf=abc%3D%3D; lifeboat_csrf_x=no", "lifeboat_csrf")).toBe("abc==");
    expect(readCookie("a=1", "lifeboat_csrf")).toBeNull();
    expect(readCookie("", "lifeboat_csrf")).toBeNull();
  });
});

describe("csrf middleware", () => {
  it("sends x-csrf-token from the lifeboat_csrf cookie on unsafe requests", async () => {
    const { client, requests } = recordingClient(200, {});
    client.use(createCsrfMiddleware(() => "theme=dark; lifeboat_csrf=tok-123"));

    await client.POST("/api/v1/tokens/{token_id}/revoke", {
      params: { path: { token_id: "5b0c8f5e-0a47-4bb5-9d36-4c3c1c9d7f10" } },
      body: { reason: "rotated" },
    });
    await client.POST("/api/v1/auth/logout");

    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(request.method).toBe("POST");
      expect(request.headers.get(CSRF_HEADER)).toBe("tok-123");
    }
  });

  it("leaves safe requests alone", async () => {
    const { client, requests } = recordingClient(200, { items: [], next_cursor: null });
    client.use(createCsrfMiddleware(() => "lifeboat_csrf=tok-123"));

    await client.GET("/api/v1/audit", { params: { query: { action: "token.*" } } });

    expect(requests[0]?.headers.get(CSRF_HEADER)).toBeNull();
    expect(requests[0]?.url).toBe("http://lifeboat.test/api/v1/audit?action=token.*");
  });

  it("sends nothing when there is no csrf cookie (the server answers 403)", async () => {
    const { client, requests } = recordingClient(204);
    client.use(createCsrfMiddleware(() => "other=1"));

    await client.POST("/api/v1/auth/logout");

    expect(requests[0]?.headers.has(CSRF_HEADER)).toBe(false);
  });
});

describe("unauthorized middleware", () => {
  const problem = { type: "urn:lifeboat:error:unauthenticated", title: "Authentication required", status: 401, detail: "session expired", request_id: "r1" };

  it("reports a 401 from an ordinary call", async () => {
    const { client } = recordingClient(401, problem);
    const onUnauthorized = vi.fn();
    client.use(createUnauthorizedMiddleware(onUnauthorized));

    const { error } = await client.GET("/api/v1/tokens");

    expect(onUnauthorized).toHaveBeenCalledOnce();
    expect(error).toMatchObject({ status: 401, request_id: "r1" });
  });

  it("ignores 401 from login and the session probe, whose callers handle it", async () => {
    const { client } = recordingClient(401, problem);
    const onUnauthorized = vi.fn();
    client.use(createUnauthorizedMiddleware(onUnauthorized));

    await client.POST("/api/v1/auth/login", { body: { username: "ops", password: "wrong" } });
    await client.GET("/api/v1/auth/me");

    expect(onUnauthorized).not.toHaveBeenCalled();
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", () => {
    expect(parseRetryAfter("30")).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    const now = Date.parse("2026-11-22T05:00:00Z");
    expect(parseRetryAfter("Sun, 22 Nov 2026 05:00:12 GMT", now)).toBe(12);
  });
});
