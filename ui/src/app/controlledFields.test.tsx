// A field the page sets shows what the page kept, not what was typed, whether or not the page
// rendered again; and a page that takes the typed value shows it.
import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { useRef, useState } from "react";
import { enter } from "../test/enter";

function Digits() {
  const [value, setValue] = useState("12");
  const ref = useRef<HTMLInputElement>(null);
  return (
    <>
      <input data-testid="digits" ref={ref} value={value} onChange={(event) => /^\d*$/.test(event.target.value) && setValue(event.target.value)} />
      <input type="checkbox" data-testid="never" checked={false} onChange={() => undefined} />
      <output data-testid="ref">{ref.current ? "attached" : ""}</output>
    </>
  );
}

describe("controlled fields", () => {
  it("show the kept value after a change the page refused, and the new one after a change it took", () => {
    render(<Digits />);
    const digits = screen.getByTestId<HTMLInputElement>("digits");
    enter(digits, "12a");
    expect(digits.value).toBe("12");
    enter(digits, "123");
    expect(digits.value).toBe("123");
    enter(digits, "x");
    expect(digits.value).toBe("123");

    const never = screen.getByTestId<HTMLInputElement>("never");
    never.click();
    expect(never.checked).toBe(false);
  });

  it("still hand the page's own ref the element", () => {
    render(<Digits />);
    enter(screen.getByTestId("digits"), "7");
    expect(screen.getByTestId("ref").textContent).toBe("attached");
  });
});
