// Lint rules for the front end: ESLint's and typescript-eslint's recommended sets, and React's rules
// of hooks.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig([
  // The bindings are generated from the Rust commands, not written here.
  globalIgnores(["dist/", "src/ipc/bindings.ts"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    // The two rules every hook must follow. The plugin's React Compiler rules are left out: this app
    // is not built with the compiler, whose model of components they check.
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
]);
