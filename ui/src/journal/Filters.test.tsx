// The list's filters: Starred only, what an empty filtered list says, a new entry widening the list
// to show itself, and the rows' dates and stars.
import { beforeEach, describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { formatDay } from "../ui/format";
import { openJournalOn, withFakeBackend, withListHeight } from "../test/journal";

const backend = withFakeBackend();
withListHeight();

beforeEach(() => {
  localStorage.clear();
});

function titles(): string[] {
  return screen.queryAllByTestId("entry-item").map((row) => row.querySelector(".row-title")?.textContent ?? "");
}

describe("the list's filters", () => {
  it("shows only starred entries while Starred is on", async () => {
    backend().add("Starred one", { starred: true });
    backend().add("Plain one");
    await openJournalOn("Plain one");
    const starred = screen.getByTestId("starred-filter");
    expect(starred.getAttribute("aria-pressed")).toBe("false");

    fireEvent.click(starred);
    expect(starred.getAttribute("aria-pressed")).toBe("true");
    await waitFor(() => expect(titles()).toEqual(["Starred one"]));
    expect(backend().calls.filter((call) => call.cmd === "list_entries").at(-1)!.args.filter).toMatchObject({
      starred: true,
    });
    fireEvent.click(starred);
    await waitFor(() => expect(titles()).toEqual(["Plain one", "Starred one"]));
  });

  it("shows each entry's own date, and a star on the starred ones", async () => {
    const dated = new Date(2025, 2, 14, 18, 30).getTime();
    backend().add("Written later about an earlier day", { datedAt: dated, starred: true });
    backend().add("Today");
    await openJournalOn("Today");
    await waitFor(() => expect(titles()).toHaveLength(2));
    const row = screen.getAllByTestId("entry-item")[1]!;
    expect(row.querySelector("time")!.textContent).toContain(formatDay(dated));
    expect(row.querySelector("time")!.getAttribute("dateTime")).toBe(new Date(dated).toISOString());
    expect(within(row).getByTestId("row-star").getAttribute("aria-label")).toBe("Starred");
    expect(within(screen.getAllByTestId("entry-item")[0]!).queryByTestId("row-star")).toBeNull();
  });

  it("says what an empty list is narrowed to, and clears the filters on request", async () => {
    const work = backend().addJournal("Work");
    backend().add("Rain at work #rain", { journalId: work.id });
    backend().add("Rain at home #rain");
    await openJournalOn("Rain at home #rain");
    fireEvent.click(screen.getByTestId("journal-switcher"));
    fireEvent.click(screen.getAllByTestId("journal-option").find((option) => option.dataset.name === "Work")!);
    await waitFor(() => expect(titles()).toEqual(["Rain at work #rain"]));
    await waitFor(() => expect(within(screen.getByTestId("tag-list")).getAllByTestId("tag")).toHaveLength(1));
    fireEvent.click(within(screen.getByTestId("tag-list")).getByTestId("tag"));
    fireEvent.click(screen.getByTestId("starred-filter"));

    const empty = await screen.findByTestId("filtered-empty");
    expect(empty.textContent).toContain("No starred entries tagged #rain in Work.");
    // The editor keeps its entry: the list is filtered, the journal is not empty.
    expect(screen.getByTestId<HTMLTextAreaElement>("entry-editor").value).toBe("Rain at work #rain");

    fireEvent.click(within(empty).getByTestId("clear-filters"));
    await waitFor(() => expect(titles()).toEqual(["Rain at work #rain"]));
    expect(screen.getByTestId("starred-filter").getAttribute("aria-pressed")).toBe("false");
    expect(screen.queryByTestId("tag-filter")).toBeNull();
    expect(screen.getByTestId("journal-switcher").textContent).toContain("Work");

    fireEvent.click(screen.getByTestId("starred-filter"));
    fireEvent.click(within(await screen.findByTestId("filtered-empty")).getByTestId("all-journals"));
    await waitFor(() => expect(screen.getByTestId("journal-switcher").textContent).toContain("All journals"));
    expect((await screen.findByTestId("filtered-empty")).textContent).toContain("No starred entries.");
  });

  it("lets a new entry through the filters it can't pass, so it shows in the list", async () => {
    backend().add("Old #rain", { starred: true });
    await openJournalOn("Old #rain");
    await waitFor(() => expect(within(screen.getByTestId("tag-list")).getAllByTestId("tag")).toHaveLength(1));
    fireEvent.click(within(screen.getByTestId("tag-list")).getByTestId("tag"));
    fireEvent.click(screen.getByTestId("starred-filter"));
    await waitFor(() => expect(screen.getByTestId("tag-filter")).toBeTruthy());

    fireEvent.click(screen.getByTestId("new-entry"));
    await waitFor(() => expect(titles()).toEqual(["Empty entry", "Old #rain"]));
    expect(screen.queryByTestId("tag-filter")).toBeNull();
    expect(screen.getByTestId("starred-filter").getAttribute("aria-pressed")).toBe("false");
    expect(screen.getAllByTestId("entry-item")[0]!.getAttribute("aria-selected")).toBe("true");
  });
});
