import { describe, expect, it } from "vitest";

import { PAGE_SIZE, isFiltered, jobsSearchToQuery, parseJobsSearch } from "./filters";

describe("parseJobsSearch (URL -> filters)", () => {
  it("keeps known, non-empty filters, trimmed", () => {
    expect(
      parseJobsSearch({ kind: " system.probe ", status: "running", scope: "", created_by: "alice", cursor: "x", other: 1 }),
    ).toEqual({ kind: "system.probe", status: "running", created_by: "alice" });
  });

  it("drops an unknown status and non-string values", () => {
    expect(parseJobsSearch({ status: "exploded", kind: 42, scope: ["tenant:a"] })).toEqual({});
  });
});

describe("jobsSearchToQuery (filters -> API)", () => {
  it("maps every filter and the page size", () => {
    expect(jobsSearchToQuery({ kind: "system.probe", status: "failed", scope: "tenant:acme", created_by: "bob" })).toEqual({
      limit: PAGE_SIZE,
      kind: "system.probe",
      status: "failed",
      scope: "tenant:acme",
      created_by: "bob",
    });
    expect(jobsSearchToQuery({})).toEqual({ limit: PAGE_SIZE });
  });

  it("says whether any filter is set (for the empty state's wording)", () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ status: "pending" })).toBe(true);
  });
});
