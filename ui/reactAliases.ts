// Quire's pages are written against React's API and run on Preact's compatibility layer, which is a
// fraction of React's size, so the journal window starts sooner. These are the names that go to
// Preact instead: vite.config.ts uses them for the app and for tests, and src/test/nodeAliases.ts for
// the packages tests load straight into Node.
export const REACT_ALIASES: Record<string, string> = {
  react: "preact/compat",
  "react-dom": "preact/compat",
  "react-dom/client": "preact/compat/client",
  "react-dom/test-utils": "preact/test-utils",
  "react/jsx-runtime": "preact/compat/jsx-runtime",
  "react/jsx-dev-runtime": "preact/compat/jsx-dev-runtime",
};
