/**
 * A small HTTP client for end-to-end tests: keeps the session cookie and the CSRF token like
 * the web app does, or sends a bearer token like an API client.
 */
export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export class Client {
  cookie: string | null = null;
  /** the device cookie (wala_device) given at a password sign-in */
  device: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  headers: Record<string, string> = {};

  constructor(readonly base: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Res<T>> {
    const headers: Record<string, string> = { ...this.headers, ...extra };
    if (body !== undefined && !(body instanceof FormData) && typeof body !== 'string') headers['content-type'] = 'application/json';
    if (typeof body === 'string' && !headers['content-type']) headers['content-type'] = 'application/json';
    const cookies = [this.cookie, this.device].filter(Boolean);
    if (cookies.length) headers.cookie = cookies.join('; ');
    if (this.csrf && !['GET', 'HEAD'].includes(method) && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(this.base + (/^\/(api|metrics)(\/|$)/.test(path) ? path : `/api/v1${path}`), {
      method,
      headers,
      body: body === undefined ? undefined : body instanceof FormData || typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = pair.split('=');
      if (name === 'wala_session') this.cookie = value ? `wala_session=${value}` : null;
      if (name === 'wala_device') this.device = value ? `wala_device=${value}` : null;
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed && typeof parsed.csrfToken === 'string' && parsed.csrfToken) {
      this.csrf = parsed.csrfToken;
    }
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }

  get<T = any>(path: string, extra?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, extra);
  }
  post<T = any>(path: string, body?: unknown, extra?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, extra);
  }
  patch<T = any>(path: string, body?: unknown, extra?: Record<string, string>) {
    return this.request<T>('PATCH', path, body ?? {}, extra);
  }
  put<T = any>(path: string, body?: unknown, extra?: Record<string, string>) {
    return this.request<T>('PUT', path, body ?? {}, extra);
  }
  delete<T = any>(path: string, body?: unknown, extra?: Record<string, string>) {
    return this.request<T>('DELETE', path, body, extra);
  }
}
