import { describe, expect, it } from "vitest";

import { parseReplicasSearch, replicasSearchToQuery } from "./search";

describe("restore search params", () => {
  it("keeps well-formed filters and drops the rest", () => {
    expect(parseReplicasSearch({ consumer: "token:0190-ab", group: "eu-postgres", tab: "x" })).toEqual({
      consumer: "token:0190-ab",
      group: "eu-postgres",
    });
    expect(parseReplicasSearch({ consumer: "no colon", group: "Bad Name" })).toEqual({});
  });

  it("maps to the list query", () => {
    expect(replicasSearchToQuery({ consumer: "token:1" })).toEqual({ limit: 500, consumer_id: "token:1" });
  });
});
