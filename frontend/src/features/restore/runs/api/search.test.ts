import { describe, expect, it } from "vitest";

import { parseRunsSearch, runsSearchToQuery } from "./search";

describe("health and runs search params", () => {
  it("keeps well-formed filters and drops the rest", () => {
    expect(parseRunsSearch({ server: " pg-1 ", status: "succeeded" })).toEqual({ server: "pg-1", status: "succeeded" });
    expect(parseRunsSearch({ status: "healthy" })).toEqual({});
  });

  it("maps to the API queries", () => {
    expect(runsSearchToQuery({ group: "g", status: "failed" })).toEqual({ limit: 25, group: "g", status: "failed" });
  });
});
