/** Parses a Cookie header into a map (first value wins, values URI-decoded). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(part.slice(at + 1).trim()));
    } catch {
      // A value that is not valid percent-encoding is ignored, like a missing cookie.
    }
  }
  return cookies;
}

/** Options for one Set-Cookie header; HttpOnly, SameSite=Lax and Path=/ always. */
export interface CookieOptions {
  maxAgeSeconds?: number;
  secure: boolean;
}

/** Serializes a Set-Cookie header value: HttpOnly, SameSite=Lax, Secure behind https. */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
