// Entry point: mounts the app and its styles; App picks the Welcome screen or the journal by window label.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { takeBoot } from "./boot";
import { App } from "./components/App";
import { mark } from "./marks";
import { platformName } from "./platform";
import "./styles/theme.css";
import "./styles/base.css";
import "./styles/sidebar.css";
import "./styles/editor.css";
import "./styles/overlays.css";
import "./styles/welcome.css";
import "./styles/views.css";
import "./styles/analysis.css";
import "./styles/ask.css";

mark("quire:script");
// Before anything is laid out: the font stacks are per platform (theme.css).
document.documentElement.dataset.platform = platformName();
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App boot={takeBoot()} />
  </StrictMode>,
);
