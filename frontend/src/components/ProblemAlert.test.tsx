import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import userEvent from "@testing-library/user-event";

import { ApiCallError, describeError } from "@/api/problem";
import type { Problem } from "@/api/types";
import { renderWithProviders } from "@/test/render";

import { ProblemAlert } from "./ProblemAlert";

const validation: Problem = {
  type: "urn:lifeboat:error:validation",
  title: "Invalid input",
  status: 400,
  detail: "name: must not be empty",
  request_id: "01JDREQ7X9",
  errors: [{ field: "name", message: "must not be empty" }],
};

describe("ProblemAlert", () => {
  it("renders a problem+json body: title, detail, field errors, type and a copyable request id", () => {
    renderWithProviders(<ProblemAlert error={validation} />);
    const alert = screen.getByTestId("error-state");
    expect(alert).toHaveAttribute("role", "alert");
    expect(within(alert).getByText("Invalid input")).toBeInTheDocument();
    expect(within(alert).getByText("name: must not be empty")).toBeInTheDocument();
    expect(within(alert).getByText("name")).toBeInTheDocument();
    expect(within(alert).getByText(/urn:lifeboat:error:validation · HTTP 400/)).toBeInTheDocument();
    expect(within(alert).getByTestId("error-request-id")).toHaveTextContent("01JDREQ7X9");
    expect(within(alert).getByRole("button", { name: "Copy request id" })).toBeInTheDocument();
  });

  it("offers a retry when asked", async () => {
    const onRetry = vi.fn();
    renderWithProviders(<ProblemAlert error={validation} onRetry={onRetry} />);
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("explains a network failure without inventing a request id", () => {
    renderWithProviders(<ProblemAlert error={new TypeError("Failed to fetch")} />);
    const alert = screen.getByTestId("error-state");
    expect(alert).toHaveTextContent("Cannot reach the Lifeboat API");
    expect(within(alert).queryByTestId("error-request-id")).not.toBeInTheDocument();
  });
});

describe("describeError", () => {
  it("keeps the status and request id of a non-JSON error body", () => {
    const response = new Response("<html>Bad gateway</html>", { status: 502, headers: { "x-request-id": "r-9" } });
    const view = describeError("<html>Bad gateway</html>", response);
    expect(view).toMatchObject({ title: "Request failed (HTTP 502)", status: 502, requestId: "r-9" });
  });

  it("passes an ApiCallError's view through", () => {
    const view = describeError(validation);
    expect(describeError(new ApiCallError(view, 7))).toBe(view);
  });
});
