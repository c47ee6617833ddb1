import { afterEach, describe, expect, it, vi } from "vitest";

import { EVIDENCE_PREVIEW_CHARS, evidenceFileName, evidenceText, evidenceView, saveBlob } from "./evidence";

describe("evidence views", () => {
  it("shows JSON and text in the page and everything else only as a download", () => {
    expect(evidenceView("application/json")).toBe("json");
    expect(evidenceView("Application/JSON; charset=utf-8")).toBe("json");
    expect(evidenceView("text/plain; charset=utf-8")).toBe("text");
    expect(evidenceView("application/octet-stream")).toBe("download");
    // Rows stored before uploads were restricted: never rendered.
    expect(evidenceView("text/html")).toBe("download");
    expect(evidenceView("image/svg+xml")).toBe("download");
  });

  it("names downloads like the server does", () => {
    expect(evidenceFileName({ id: "ev-1", content_type: "application/json" })).toBe("evidence-ev-1.json");
    expect(evidenceFileName({ id: "ev-1", content_type: "text/plain" })).toBe("evidence-ev-1.txt");
    expect(evidenceFileName({ id: "ev-1", content_type: "text/html" })).toBe("evidence-ev-1.bin");
  });
});

describe("evidence text", () => {
  it("pretty-prints JSON", () => {
    expect(evidenceText("json", '{"rows":1,"ok":true}')).toEqual({ text: '{\n  "rows": 1,\n  "ok": true\n}', invalidJson: false, truncated: false });
  });

  it("shows bytes that are not JSON as text, saying so", () => {
    const page = "<script>alert(1)</script>";
    expect(evidenceText("json", page)).toEqual({ text: page, invalidJson: true, truncated: false });
    expect(evidenceText("text", page)).toEqual({ text: page, invalidJson: false, truncated: false });
  });

  it("cuts long evidence for the preview", () => {
    const shown = evidenceText("text", "x".repeat(EVIDENCE_PREVIEW_CHARS + 10));
    expect(shown.truncated).toBe(true);
    expect(shown.text).toHaveLength(EVIDENCE_PREVIEW_CHARS);
  });
});

describe("saveBlob", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("downloads through an octet-stream blob, whatever the bytes claim to be", () => {
    const made: Blob[] = [];
    class RecordingURL extends URL {
      static override createObjectURL(object: Blob | MediaSource): string {
        if (object instanceof Blob) made.push(object);
        return "blob:lifeboat/1";
      }
      static override revokeObjectURL(): void {}
    }
    vi.stubGlobal("URL", RecordingURL);
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });

    saveBlob(new Blob(["<html><script></script></html>"], { type: "text/html" }), "evidence-ev-1.bin");

    expect(click).toHaveBeenCalledTimes(1);
    expect(made).toHaveLength(1);
    expect(made[0]?.type).toBe("application/octet-stream");
    expect(clicked[0]?.getAttribute("href")).toBe("blob:lifeboat/1");
    expect(clicked[0]?.download).toBe("evidence-ev-1.bin");
    expect(document.querySelector("a[download]")).toBeNull();
  });
});
