import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes a .br and a .gz beside every built text file over 1 kB, once at build time, so the
 * server sends the smallest form the browser accepts without compressing on each request
 * (@fastify/static's preCompressed).
 */
function precompress(outDir: string): Plugin {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  return {
    name: 'belfry-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt|mjs)$/.test(file)) continue;
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

const outDir = path.resolve(import.meta.dirname, 'dist/web');

export default defineConfig({
  root: 'web',
  plugins: [react(), precompress(outDir)],
  build: {
    outDir,
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Each page is its own chunk (web/routes.tsx loads them lazily); the libraries every page
        // uses are cached apart from the app's code, which changes more often. ECharts loads only
        // with a page that draws a chart.
        codeSplitting: {
          groups: [
            { name: 'mantine', test: /node_modules[\\/](@mantine|@floating-ui)/, priority: 30 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 30 },
            { name: 'icons', test: /node_modules[\\/]@tabler/, priority: 30 },
            // Two chunks by package (zrender never imports ECharts, so the order they run in is safe).
            { name: 'zrender', test: /node_modules[\\/](zrender|tslib)[\\/]/, priority: 25 },
            { name: 'echarts', test: /node_modules[\\/]echarts[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
