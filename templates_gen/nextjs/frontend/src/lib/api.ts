/** The typed API client (openapi-fetch over the types of ../openapi.yaml) with the session rules. */
import createClient from "openapi-fetch";
import type { paths } from "@/api/openapi";
import { readCookie } from "@/lib/cookies";
import { ApiError, type ErrorBody } from "@/lib/errors";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// Calls whose 401 means "wrong credentials", never "the access token expired".
const NO_REFRESH = ["/api/v1/auth/"];

/** A copy of the request carrying the CSRF header the backend checks on writes. */
export function withCsrf(request: Request, cookieName = "csrf_access_token"): Request {
  if (!MUTATING.has(request.method.toUpperCase())) return request;
  const token = readCookie(cookieName);
  if (!token) return request;
  const headers = new Headers(request.headers);
  headers.set("X-CSRF-TOKEN", token);
  return new Request(request, { headers });
}

let refreshing: Promise<boolean> | null = null;

/** Rotate the tokens with the refresh cookie; concurrent callers share one attempt. */
export function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    const request = withCsrf(
      new Request(new URL("/api/v1/auth/refresh", window.location.origin), {
        method: "POST",
        credentials: "same-origin",
      }),
      "csrf_refresh_token",
    );
    refreshing = fetch(request)
      .then((response) => response.ok)
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

/** Where the app goes when the session cannot be renewed. */
export function goToLogin(): void {
  const next = window.location.pathname + window.location.search;
  // A full page load on purpose: nothing of the ended session stays in memory.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
}

const DIGIT = /[0-9]/;
const NUMBER_PART = /[0-9.eE+-]/;

/**
 * JSON text whose whole numbers beyond 2^53 are quoted, so that JSON.parse keeps them exact
 * (as decimal text) instead of rounding them; strings and every other number stay as they are.
 */
export function quoteUnsafeIntegers(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '"') {
      index += 1;
      while (index < text.length && text.charAt(index) !== '"') index += text.charAt(index) === "\\" ? 2 : 1;
      index += 1;
    } else if (char === "-" || DIGIT.test(char)) {
      const start = index;
      index += 1;
      while (index < text.length && NUMBER_PART.test(text.charAt(index))) index += 1;
      const token = text.slice(start, index);
      if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        parts.push(text.slice(copied, start), `"${token}"`);
        copied = index;
      }
    } else {
      index += 1;
    }
  }
  return copied === 0 ? text : parts.join("") + text.slice(copied);
}

/** The response with its JSON body's unsafe whole numbers quoted (see quoteUnsafeIntegers). */
export async function exactNumbers(response: Response): Promise<Response> {
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.includes("json") || response.body === null) return response;
  const text = await response.text();
  const { status, statusText, headers } = response;
  return new Response(quoteUnsafeIntegers(text), { status, statusText, headers });
}

/** fetch with CSRF, and on a 401 one silent refresh and retry, then back to login. */
export async function sessionFetch(input: Request): Promise<Response> {
  const retry = input.clone();
  const response = await fetch(withCsrf(input));
  const path = new URL(input.url).pathname;
  if (response.status !== 401 || NO_REFRESH.some((prefix) => path.startsWith(prefix))) {
    return exactNumbers(response);
  }
  if (!(await refreshSession())) {
    goToLogin();
    return exactNumbers(response);
  }
  return exactNumbers(await fetch(withCsrf(retry)));
}

/** JSON of a request body; BigInt values (whole numbers beyond 2^53) are written as exact digits. */
export function serializeBody(body: unknown): string {
  // A marker no string of the body holds (checked), so only the BigInt values are unquoted.
  let marker = "";
  const plain = JSON.stringify(body, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  do {
    marker = `bigint-${Math.random().toString(36).slice(2)}:`;
  } while (plain.includes(marker));
  const text = JSON.stringify(body, (_key, value: unknown) =>
    typeof value === "bigint" ? `${marker}${value.toString()}` : value,
  );
  return text.replaceAll(new RegExp(`"${marker}(-?\\d+)"`, "g"), "$1");
}

export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  credentials: "same-origin",
  fetch: sessionFetch,
  bodySerializer: serializeBody,
});

/** The data of a call, or an ApiError with the server's message and details. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(result.response.status, result.error as Partial<ErrorBody> | undefined);
  }
  return result.data as T;
}
