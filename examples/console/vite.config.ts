import { defineConfig } from "vite"

// The console is served by the example server at /console (examples/server/src/console.ts).
export default defineConfig({
  base: "/console/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // ECharts is loaded when the figures are first shown, in chunks of its own
    chunkSizeWarningLimit: 1200,
    modulePreload: { polyfill: false }
  }
})
