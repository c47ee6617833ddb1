import { describe, expect, it } from "vitest";

import { CUSTOM_VALUE, backupTypeOptions, intentLabel, intentOptions, predictGap, type ConsumerCapabilities } from "./intents";

const agent: ConsumerCapabilities = {
  name: "restore-agent-1",
  registered: true,
  capabilities: [
    { intent: "verify", backup_types: ["postgres", "files"] },
    { intent: "analytics", backup_types: ["postgres"] },
    { intent: "pitr-drill", backup_types: ["postgres"] },
  ],
};

describe("predictGap", () => {
  it("is null for an intent and type the consumer registered", () => {
    expect(predictGap(agent, "verify", "files")).toBeNull();
    expect(predictGap(agent, "analytics", "postgres")).toBeNull();
  });

  it("names the consumer for an intent it does not support", () => {
    expect(predictGap(agent, "disaster-recovery", "postgres")).toBe("not supported by restore-agent-1");
  });

  it("says which types an intent is served for when the type is not one of them", () => {
    expect(predictGap(agent, "analytics", "files")).toBe("restore-agent-1 serves analytics only for postgres");
  });

  it("checks the intent alone while no type is chosen", () => {
    expect(predictGap(agent, "analytics", "")).toBeNull();
    expect(predictGap(agent, "disaster-recovery", "")).toBe("not supported by restore-agent-1");
  });

  it("makes everything a gap for a consumer that never registered", () => {
    const silent = { name: "new-agent", registered: false, capabilities: [] };
    expect(predictGap(silent, "verify", "postgres")).toBe("new-agent has not registered its capabilities");
  });
});

describe("intentOptions", () => {
  it("annotates the options the chosen consumer cannot serve", () => {
    const options = intentOptions(agent, "postgres");
    expect(options.map((option) => option.value)).toEqual(["verify", "analytics", "disaster-recovery", "pitr-drill", CUSTOM_VALUE]);
    expect(options.find((option) => option.value === "verify")).toEqual({ value: "verify", label: "Verify", gap: null });
    expect(options.find((option) => option.value === "disaster-recovery")?.label).toBe(
      "Disaster recovery — not supported by restore-agent-1 — will show as a gap",
    );
  });

  it("follows the chosen backup type", () => {
    const analytics = intentOptions(agent, "files").find((option) => option.value === "analytics");
    expect(analytics?.gap).toBe("restore-agent-1 serves analytics only for postgres");
    expect(analytics?.label).toMatch(/will show as a gap$/);
  });

  it("annotates nothing before a consumer is chosen", () => {
    const options = intentOptions(null, "postgres");
    expect(options.every((option) => option.gap === null)).toBe(true);
    expect(options.map((option) => option.value)).toEqual(["verify", "analytics", "disaster-recovery", CUSTOM_VALUE]);
  });
});

describe("backupTypeOptions", () => {
  it("offers the defaults, registered types and declared types once each, sorted", () => {
    const other = { name: "b", registered: true, capabilities: [{ intent: "verify", backup_types: ["mysql"] }] };
    expect(backupTypeOptions([agent, other], ["files", "redis"])).toEqual(["files", "mysql", "postgres", "redis"]);
  });
});

describe("intentLabel", () => {
  it("labels the known intents and leaves custom ones as they are", () => {
    expect(intentLabel("disaster-recovery")).toBe("Disaster recovery");
    expect(intentLabel("pitr-drill")).toBe("pitr-drill");
  });
});
