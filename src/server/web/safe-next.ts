/** A local path to return to after sign-in; anything else (another origin, a sign-in page) goes to the start page. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) && !next.startsWith('/sign-')
    ? next
    : '/';
}
