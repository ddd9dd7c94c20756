import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Two pages: the app at / and GraphiQL at /graphql/ui (its own entry, so the app never downloads the editor).
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        index: 'index.html',
        graphiql: 'graphiql.html',
      },
    },
  },
});
