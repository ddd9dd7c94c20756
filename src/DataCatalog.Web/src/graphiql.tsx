import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import { TOKEN_KEY } from './api';

// The same token as the app (sessionStorage of this origin), sent as a bearer token with every request, introspection included.
const token = sessionStorage.getItem(TOKEN_KEY);
const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
const fetcher = createGraphiQLFetcher({ url: '/graphql', headers });

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL fetcher={fetcher} defaultQuery={'{\n  departments { code name averageScore }\n}\n'} />,
);
