// Build and test configuration for the Quire front end (served by Tauri from ui/dist).
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { REACT_ALIASES } from "./reactAliases.ts";

export default defineConfig({
  plugins: [react()],
  resolve: {
    // React's API on Preact: see reactAliases.ts.
    alias: Object.entries(REACT_ALIASES).map(([name, replacement]) => ({
      find: new RegExp(`^${name}$`),
      replacement,
    })),
  },
  // Tauri prints its own logs to the same terminal; keep them readable.
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/nodeAliases.ts", "./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
