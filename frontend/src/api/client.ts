// The one typed HTTP client: openapi-fetch over the generated schema, with the CSRF header on
// every unsafe request and a hook that sends the user to /login when the session is gone.
import createClient, { type Middleware } from "openapi-fetch";

import type { paths } from "./schema";

export const CSRF_COOKIE = "lifeboat_csrf";
export const CSRF_HEADER = "x-csrf-token";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

/** The value of one cookie in a `document.cookie`-style string, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/** Adds `x-csrf-token: <lifeboat_csrf cookie>` to POST/PUT/PATCH/DELETE requests. */
export function createCsrfMiddleware(getCookies: () => string = () => document.cookie): Middleware {
  return {
    onRequest({ request }) {
      if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
      const token = readCookie(getCookies(), CSRF_COOKIE);
      if (token) request.headers.set(CSRF_HEADER, token);
      return request;
    },
  };
}

// Calls that answer 401 as part of their normal flow; the caller handles those itself.
const SESSION_PATHS = new Set(["/api/v1/auth/login", "/api/v1/auth/me", "/api/v1/auth/logout"]);

/** Calls `onUnauthorized` when any other call answers 401 (the session expired or was revoked). */
export function createUnauthorizedMiddleware(onUnauthorized: () => void): Middleware {
  return {
    onResponse({ response, schemaPath }) {
      if (response.status === 401 && !SESSION_PATHS.has(schemaPath)) onUnauthorized();
      return undefined;
    },
  };
}

let unauthorizedHandler: (() => void) | null = null;

/** The app registers what "session gone" means (clear cache, go to /login). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

export const client = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
client.use(createCsrfMiddleware(), createUnauthorizedMiddleware(() => unauthorizedHandler?.()));
