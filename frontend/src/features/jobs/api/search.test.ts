import { describe, expect, it } from "vitest";

import { resolveSearch, searchTarget, type SearchLookups } from "./search";

const JOB = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const OTHER = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c";

function lookups(jobs: string[], byCorrelation: Record<string, string[]>): SearchLookups & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    jobExists: (id) => {
      asked.push(`job:${id}`);
      return Promise.resolve(jobs.includes(id));
    },
    jobsByCorrelation: (cid) => {
      asked.push(`correlation:${cid}`);
      return Promise.resolve(byCorrelation[cid] ?? []);
    },
  };
}

describe("searchTarget", () => {
  it("treats a UUID (any case, spaces around) as a job id and the rest as a correlation id", () => {
    expect(searchTarget(`  ${JOB.toUpperCase()} `)).toEqual({ kind: "job", jobId: JOB });
    expect(searchTarget("req-123")).toEqual({ kind: "audit", correlationId: "req-123" });
    expect(searchTarget("   ")).toEqual({ kind: "none" });
  });
});

describe("resolveSearch", () => {
  it("goes straight to a job found by id, without a correlation lookup", async () => {
    const deps = lookups([JOB], {});
    await expect(resolveSearch(JOB, deps)).resolves.toEqual({ kind: "job", jobId: JOB });
    expect(deps.asked).toEqual([`job:${JOB}`]);
  });

  it("finds the one job created under a correlation id", async () => {
    const deps = lookups([], { "corr-1": [JOB] });
    await expect(resolveSearch(" corr-1 ", deps)).resolves.toEqual({ kind: "job", jobId: JOB });
  });

  it("tries a UUID that is no job as a correlation id", async () => {
    const deps = lookups([], { [OTHER]: [JOB] });
    await expect(resolveSearch(OTHER, deps)).resolves.toEqual({ kind: "job", jobId: JOB });
    expect(deps.asked).toEqual([`job:${OTHER}`, `correlation:${OTHER}`]);
  });

  it("lands on the audit log, saying why, when no single job matches", async () => {
    const many = await resolveSearch("corr-2", lookups([], { "corr-2": [JOB, OTHER, JOB] }));
    expect(many).toMatchObject({ kind: "audit", correlationId: "corr-2" });
    expect(many.kind === "audit" && many.note).toMatch(/2 jobs/);
    const none = await resolveSearch("nothing", lookups([], {}));
    expect(none).toMatchObject({ kind: "audit", correlationId: "nothing" });
    expect(none.kind === "audit" && none.note).toMatch(/No job/);
  });

  it("does nothing for an empty box", async () => {
    const deps = lookups([], {});
    await expect(resolveSearch("  ", deps)).resolves.toEqual({ kind: "none" });
    expect(deps.asked).toEqual([]);
  });
});
