// A view that throws while drawing shows what went wrong in its place, and Try again draws it anew.
import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { ViewBoundary } from "./ViewBoundary";

let broken = true;
function Chart() {
  if (broken) throw new Error("the chart could not be drawn");
  return <p data-testid="chart">chart</p>;
}

describe("a view boundary", () => {
  it("shows the failure in the view's place, and Try again draws the view anew", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    render(
      <div>
        <p data-testid="beside">the editor</p>
        <ViewBoundary name="history">
          <Chart />
        </ViewBoundary>
      </div>,
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Quire couldn't show your history.");
    expect(screen.getByTestId("beside").textContent).toBe("the editor");
    expect(screen.queryByTestId("chart")).toBeNull();

    broken = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(screen.getByTestId("chart").textContent).toBe("chart");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
