import { describe, expect, it } from "vitest";

import { parseCatalogSearch } from "./search";

describe("restore search params", () => {
  it("keeps well-formed filters and drops the rest", () => {
    expect(parseCatalogSearch({ group: 42 })).toEqual({});
    expect(parseCatalogSearch({ group: " us-files " })).toEqual({ group: "us-files" });
  });
});
