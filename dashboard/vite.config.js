import { defineConfig } from 'vite';

// The bundle goes to target/www (not committed), the document root ./run-edge gives the edge:
// hashed files under /assets/ (cached for a year by the edge), index.html and config.json.
export default defineConfig({
  build: {
    outDir: 'target/www',
    emptyOutDir: true,
    // No inline scripts or styles anywhere: the edge's CSP is script-src 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
