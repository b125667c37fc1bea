// Entry point: mounts the app and its styles; App picks the Welcome screen, the lock screen or the journal
// by window label.
import "./firstMark";
import "./controlledFields";
import { StrictMode } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { platformName } from "../ui/platform";
import { App } from "./App";
import { takeBoot } from "./boot";
import { mark } from "./marks";
import { applyPreferences, initialPreferences } from "./preferences";
import "./theme.css";
import "./base.css";
import "../journal/sidebar.css";
import "../journal/editor.css";
import "../ui/overlays.css";
import "../account/welcome.css";
import "./views.css";
import "../insights/analysis.css";
import "../ask/ask.css";
import "../security/security.css";

mark("quire:script");
// Before anything is laid out: the font stacks are per platform (theme.css).
document.documentElement.dataset.platform = platformName();
applyPreferences(initialPreferences());
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
const reactRoot = createRoot(root);
// The first screen is rendered and committed in this task, not in one React would schedule next:
// in between, WebKit would style, lay out and paint the empty page first.
flushSync(() =>
  reactRoot.render(
    <StrictMode>
      <App boot={takeBoot()} />
    </StrictMode>,
  ),
);
