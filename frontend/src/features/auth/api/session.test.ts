import { describe, expect, it } from "vitest";

import { safeRedirect } from "./session";

describe("safeRedirect", () => {
  it("follows same-origin paths with their search", () => {
    expect(safeRedirect("/audit?action=token.*")).toBe("/audit?action=token.*");
    expect(safeRedirect("/settings/tokens")).toBe("/settings/tokens");
  });
  it("refuses anything that could leave the site or loop to login", () => {
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect("https://evil.example/")).toBe("/");
    expect(safeRedirect("//evil.example/")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    expect(safeRedirect("/login?redirect=/")).toBe("/");
  });
});
