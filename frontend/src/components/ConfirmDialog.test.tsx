import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { renderWithProviders } from "@/test/render";

import { ConfirmDialog, canConfirm } from "./ConfirmDialog";

describe("canConfirm", () => {
  it("needs a reason of at least three characters", () => {
    expect(canConfirm("", "", undefined)).toBe(false);
    expect(canConfirm("  ab  ", "", undefined)).toBe(false);
    expect(canConfirm("abc", "", undefined)).toBe(true);
  });

  it("needs the exact typed name when one is required", () => {
    expect(canConfirm("rotation", "", "agent-1")).toBe(false);
    expect(canConfirm("rotation", "agent-", "agent-1")).toBe(false);
    expect(canConfirm("rotation", "Agent-1", "agent-1")).toBe(false);
    expect(canConfirm("rotation", "agent-1", "agent-1")).toBe(true);
  });
});

describe("ConfirmDialog", () => {
  it("keeps submit disabled until the reason and the typed name are given", async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    renderWithProviders(
      <ConfirmDialog opened onClose={() => undefined} title="Revoke" confirmLabel="Revoke token" danger typedName="agent-1" onConfirm={onConfirm}>
        Revoke agent-1
      </ConfirmDialog>,
    );

    const submit = await screen.findByTestId("confirm-submit");
    expect(submit).toBeDisabled();

    await user.type(screen.getByTestId("confirm-reason"), "key leaked in CI log");
    expect(submit).toBeDisabled();

    await user.type(screen.getByTestId("confirm-typed-name"), "agent-2");
    expect(submit).toBeDisabled();
    expect(screen.getByText("Does not match")).toBeInTheDocument();

    await user.clear(screen.getByTestId("confirm-typed-name"));
    await user.type(screen.getByTestId("confirm-typed-name"), "agent-1");
    expect(submit).toBeEnabled();

    await user.click(submit);
    expect(onConfirm).toHaveBeenCalledOnce();
    expect(onConfirm).toHaveBeenCalledWith("key leaked in CI log");
  });

  it("needs only a reason when no typed name is asked for", async () => {
    const user = userEvent.setup();
    const onConfirm = vi.fn();
    renderWithProviders(
      <ConfirmDialog opened onClose={() => undefined} title="Apply" confirmLabel="Apply" onConfirm={onConfirm} />,
    );

    expect(screen.queryByTestId("confirm-typed-name")).not.toBeInTheDocument();
    const submit = await screen.findByTestId("confirm-submit");
    expect(submit).toBeDisabled();
    await user.type(screen.getByTestId("confirm-reason"), "planned change CHG-42{Enter}");
    expect(submit).toBeEnabled();
    await user.click(submit);
    expect(onConfirm).toHaveBeenCalledWith("planned change CHG-42");
  });

  it("shows the action's failure inside the dialog", async () => {
    renderWithProviders(
      <ConfirmDialog
        opened
        onClose={() => undefined}
        title="Revoke"
        confirmLabel="Revoke"
        onConfirm={() => undefined}
        error={{ type: "urn:lifeboat:error:forbidden", title: "Forbidden", status: 403, detail: "admin role required", request_id: "req-1" }}
      />,
    );
    expect(await screen.findByTestId("error-state")).toHaveTextContent("admin role required");
  });
});
