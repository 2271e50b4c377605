/** A tiny cookie-keeping HTTP client for tests: real fetch against a server on port 0. */
export function createClient(baseUrl: string) {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (pair === undefined || at <= 0) continue;
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (/max-age=0/i.test(header) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  };
  const request = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(new URL(path, baseUrl), { ...init, headers, redirect: 'manual' });
    remember(response);
    return response;
  };
  return {
    jar,
    request,
    /** GETs an HTML page and returns it with the CSRF token found in its first form. */
    async page(path: string): Promise<{ response: Response; text: string; csrf: string | undefined }> {
      const response = await request(path, { headers: { accept: 'text/html' } });
      const text = await response.text();
      return { response, text, csrf: /name="_csrf" value="([^"]+)"/.exec(text)?.[1] };
    },
    /** POSTs a urlencoded form as a browser would. */
    form(path: string, fields: Record<string, string>): Promise<Response> {
      return request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams(fields).toString(),
      });
    },
    /** A CSRF token for this session (from the sign-out form every page carries). */
    async csrf(): Promise<string> {
      const { csrf } = await this.page('/requests');
      if (csrf === undefined) throw new Error('no CSRF token on /requests');
      return csrf;
    },
    /** Sends JSON to the API with the session cookie and the CSRF header, as the web UI's scripts would. */
    async json(method: string, path: string, body: unknown, csrf: string | undefined): Promise<Response> {
      return request(path, {
        method,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }),
        },
        body: JSON.stringify(body),
      });
    },
    /** Signs in through the form; throws unless a session cookie came back. */
    async signIn(username: string, password: string): Promise<void> {
      const { csrf } = await this.page('/sign-in');
      const response = await this.form('/sign-in', { username, password, _csrf: csrf ?? '' });
      if (response.status !== 303 || !jar.has('sg_session')) {
        throw new Error(`sign-in as ${username} failed: ${response.status} ${await response.text()}`);
      }
    },
  };
}
