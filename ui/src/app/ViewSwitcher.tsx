// The segmented control at the top of the sidebar: Journal, History, Ask.
import { memo } from "react";
import { shortcut } from "../ui/platform";
import type { View } from "./useView";

const VIEWS: readonly { view: View; label: string; key: string }[] = [
  { view: "journal", label: "Journal", key: "1" },
  { view: "history", label: "History", key: "2" },
  { view: "ask", label: "Ask", key: "3" },
];

interface Props {
  view: View;
  onChange(view: View): void;
}

export const ViewSwitcher = memo(function ViewSwitcher({ view, onChange }: Props) {
  return (
    <nav className="view-switcher" aria-label="Views">
      {VIEWS.map((item) => (
        <button
          key={item.view}
          type="button"
          className="view-tab"
          data-testid={`nav-${item.view}`}
          aria-current={item.view === view ? "page" : undefined}
          title={`${item.label} (${shortcut(item.key)})`}
          onClick={() => onChange(item.view)}
        >
          {item.label}
        </button>
      ))}
    </nav>
  );
});
