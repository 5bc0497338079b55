/** Read a cookie the backend set for scripts (the CSRF tokens; the JWTs stay httpOnly). */
export function readCookie(name: string, source?: string): string | undefined {
  const jar = source ?? (typeof document === "undefined" ? "" : document.cookie);
  for (const part of jar.split(/;\s*/)) {
    const split = part.indexOf("=");
    if (split > 0 && part.slice(0, split) === name) {
      return decodeURIComponent(part.slice(split + 1));
    }
  }
  return undefined;
}
