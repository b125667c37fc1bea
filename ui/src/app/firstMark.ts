// Imported first by main.tsx, so that its mark is set before any other module of the bundle runs:
// the time between it and "quire:script" is the bundle's own evaluation (React's included).
import { mark } from "./marks";

mark("quire:bundle");
