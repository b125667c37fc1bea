// The search filter controls: a date range, journal, tag, mood, starred only, and the order. They
// build the request's filter; what is typed in the box (`tag:`, `before:` …) narrows it further.
import { useEffect, useId, useState } from "react";
import { moodName } from "../insights/moods";
import { api } from "../ipc/api";
import type { Journal, Mood, SearchOrder, TagCount } from "../ipc/bindings";
import { Segmented } from "../ui/Segmented";
import { MOODS, activeFilters, journalOf } from "./filters";
import type { SearchState } from "./useSearch";

const ORDERS = [
  { value: "newest", label: "Newest" },
  { value: "best", label: "Best match" },
] as const satisfies readonly { value: SearchOrder; label: string }[];

interface Props {
  search: SearchState;
  searching: boolean;
}

/** The journals and tags to choose from, asked for each time the controls open. */
function useChoices(): { journals: Journal[]; tags: TagCount[] } {
  const [journals, setJournals] = useState<Journal[]>([]);
  const [tags, setTags] = useState<TagCount[]>([]);
  useEffect(() => {
    let live = true;
    // Without them the selects offer only "All" and "Any"; searching still works.
    api.listJournals().then((list) => live && setJournals(list), () => undefined);
    api.listTags().then((list) => live && setTags(list), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return { journals, tags };
}

export function SearchFilterControls({ search, searching }: Props) {
  const { filters, setFilters } = search;
  const { journals, tags } = useChoices();
  const id = useId();
  const journal = journalOf(filters, search.journalInView);
  // A tag picked earlier stays choosable even when no entry carries it any more.
  const tagNames = tags.map((tag) => tag.name);
  if (filters.tag !== null && !tagNames.some((name) => name.toLowerCase() === filters.tag!.toLowerCase())) {
    tagNames.unshift(filters.tag);
  }

  return (
    <div className="search-filters" data-testid="search-filters" role="group" aria-label="Search filters">
      <div className="filter-dates">
        <label className="filter-field" htmlFor={`${id}-from`}>
          <span>From</span>
          <input
            id={`${id}-from`}
            type="date"
            className="filter-input"
            data-testid="filter-from"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(event) => setFilters({ from: event.target.value })}
          />
        </label>
        <label className="filter-field" htmlFor={`${id}-to`}>
          <span>To</span>
          <input
            id={`${id}-to`}
            type="date"
            className="filter-input"
            data-testid="filter-to"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(event) => setFilters({ to: event.target.value })}
          />
        </label>
      </div>
      <label className="filter-field" htmlFor={`${id}-journal`}>
        <span>Journal</span>
        <select
          id={`${id}-journal`}
          className="filter-input"
          data-testid="filter-journal"
          value={journal ?? ""}
          onChange={(event) => setFilters({ journal: event.target.value || null })}
        >
          <option value="">All journals</option>
          {journal !== null && !journals.some((j) => j.id === journal) && <option value={journal}>This journal</option>}
          {journals.map((j) => (
            <option key={j.id} value={j.id}>
              {j.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-field" htmlFor={`${id}-tag`}>
        <span>Tag</span>
        <select
          id={`${id}-tag`}
          className="filter-input"
          data-testid="filter-tag"
          value={filters.tag ?? ""}
          onChange={(event) => setFilters({ tag: event.target.value || null })}
        >
          <option value="">Any tag</option>
          {tagNames.map((name) => (
            <option key={name} value={name}>
              #{name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-field" htmlFor={`${id}-mood`}>
        <span>Mood</span>
        <select
          id={`${id}-mood`}
          className="filter-input"
          data-testid="filter-mood"
          value={filters.mood ?? ""}
          onChange={(event) => setFilters({ mood: (event.target.value || null) as Mood | null })}
        >
          <option value="">Any mood</option>
          {MOODS.map((mood) => (
            <option key={mood} value={mood}>
              {moodName(mood)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter-check">
        <input
          type="checkbox"
          data-testid="filter-starred"
          checked={filters.starred}
          onChange={(event) => setFilters({ starred: event.target.checked })}
        />
        <span>Starred only</span>
      </label>
      <div className="filter-order">
        <span aria-hidden="true">Order</span>
        <Segmented
          label="Order of results"
          options={ORDERS}
          value={filters.order}
          onChange={(order) => setFilters({ order })}
          testId="search-order"
        />
      </div>
      {activeFilters(filters) > 0 && (
        <button type="button" className="link-button filter-clear" onClick={search.resetFilters}>
          Clear filters
        </button>
      )}
      {!searching && <p className="filter-note">Type in the search box to search with these filters.</p>}
    </div>
  );
}
