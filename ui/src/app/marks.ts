// Named points in the journal window's start-up, as User Timing marks. The app benchmark reads them
// (tests/bench/measure.mjs) to say where the time between the page and a usable journal goes; they
// cost nothing that a person would notice.
export type StartMark = "quire:bundle" | "quire:script" | "quire:requests-sent" | "quire:data-ready" | "quire:journal-mounted";

export function mark(name: StartMark): void {
  try {
    if (performance.getEntriesByName(name, "mark").length === 0) performance.mark(name);
  } catch {
    // No User Timing here (some test environments): nothing to record.
  }
}
