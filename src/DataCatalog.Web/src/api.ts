// The app's only way to the catalog: the public GraphQL endpoint, the auth endpoints and the report endpoints,
// always with the signed-in bearer token (no private back doors).

export const TOKEN_KEY = 'datacatalog.token';

export type Role = 'analyst' | 'steward' | 'auditor' | 'admin';

export interface Viewer {
  token: string | null;
  subject: string;
  name: string;
  roles: Role[];
  departments: string[];
  expiresAt?: string;
}

export interface AuthConfig {
  anonymous: boolean;
  developmentTokens: boolean;
  /** False when the host has no /auth endpoints yet: everything is open, as before roles existed. */
  available: boolean;
}

export class GraphQLFailure extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function authHeaders(): Record<string, string> {
  const token = storedToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export async function gql<T>(query: string, variables?: Record<string, unknown>, options?: { strict?: boolean }): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new GraphQLFailure(`HTTP ${response.status}`, response.status === 401 ? 'UNAUTHENTICATED' : undefined);
  }
  // A field the viewer may not see comes back null with a FORBIDDEN error; the rest of the page still shows.
  if (body.data && body.errors?.length && body.errors.every((e) => e.extensions?.code === 'FORBIDDEN') && !options?.strict) return body.data;
  if (body.errors?.length) {
    const first = body.errors[0];
    if (first.extensions?.code === 'UNAUTHENTICATED' && storedToken()) {
      // An expired or foreign token: sign in again.
      sessionStorage.removeItem(TOKEN_KEY);
      location.assign('/signin');
    }
    throw new GraphQLFailure(first.message, first.extensions?.code);
  }
  if (!body.data) throw new GraphQLFailure(`HTTP ${response.status}`, undefined);
  return body.data;
}

export async function authConfig(): Promise<AuthConfig> {
  try {
    const response = await fetch('/auth/config');
    if (!response.ok) return { anonymous: true, developmentTokens: false, available: false };
    const body = await response.json();
    return { anonymous: !!body.anonymous, developmentTokens: !!body.developmentTokens, available: true };
  } catch {
    return { anonymous: true, developmentTokens: false, available: false };
  }
}

export async function requestDevelopmentToken(role: Role, departments: string[], name: string): Promise<string> {
  const response = await fetch('/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, departments, name }),
  });
  if (!response.ok) throw new Error(`POST /auth/token: HTTP ${response.status}`);
  const body = await response.json();
  return body.token as string;
}

/** Reads the claims the app needs from the token's payload; the server checks the signature on every request. */
export function viewerFromToken(token: string | null): Viewer | null {
  if (!token) return null;
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      Array.from(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
    );
    const claims = JSON.parse(json);
    const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v == null ? [] : [String(v)]);
    const roleClaim = claims.role ?? claims['http://schemas.microsoft.com/ws/2008/06/identity/claims/role'];
    return {
      token,
      subject: String(claims.sub ?? ''),
      name: String(claims.name ?? claims.sub ?? ''),
      roles: list(roleClaim) as Role[],
      departments: list(claims.department),
      expiresAt: claims.exp ? new Date(claims.exp * 1000).toISOString() : undefined,
    };
  } catch {
    return null;
  }
}

/** What a viewer may do; the server decides again on every request. A null viewer on an open host may read. */
export const can = {
  stewardOf(viewer: Viewer | null, department: string | null | undefined): boolean {
    if (!viewer) return false;
    if (viewer.roles.includes('admin')) return true;
    return viewer.roles.includes('steward') && !!department && viewer.departments.includes(department);
  },
  steward(viewer: Viewer | null): boolean {
    return !!viewer && (viewer.roles.includes('admin') || viewer.roles.includes('steward'));
  },
  audit(viewer: Viewer | null): boolean {
    return !!viewer && (viewer.roles.includes('admin') || viewer.roles.includes('auditor'));
  },
  admin(viewer: Viewer | null): boolean {
    return !!viewer && viewer.roles.includes('admin');
  },
};

/** Fetches a report file with the bearer token (a plain link cannot carry it). */
export async function fetchReport(kind: string, params: { department?: string; asOf?: string }, file: 'data' | 'manifest'): Promise<Response> {
  const query = new URLSearchParams();
  if (params.department) query.set('department', params.department);
  if (params.asOf) query.set('asOf', params.asOf);
  query.set('file', file);
  return fetch(`/reports/${encodeURIComponent(kind)}?${query}`, { headers: authHeaders() });
}

export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
