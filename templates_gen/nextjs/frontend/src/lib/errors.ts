/** The backend's error format: {"error", "message", "details"}. */
export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown;
}

/** An API call that did not succeed, with the server's code, message and details. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, body: Partial<ErrorBody> | undefined) {
    super(body?.message ?? `The server answered ${status}.`);
    this.status = status;
    this.code = body?.error ?? "http_error";
    this.details = body?.details;
  }
}

/** Field name -> messages, from a 422's details ({"field": ["message", ...]}). */
export function fieldErrors(details: unknown): Record<string, string> {
  const found: Record<string, string> = {};
  if (!details || typeof details !== "object" || Array.isArray(details)) return found;
  for (const [name, value] of Object.entries(details as Record<string, unknown>)) {
    if (Array.isArray(value)) {
      found[name] = value.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join(" ");
    } else if (typeof value === "string") {
      found[name] = value;
    } else if (value && typeof value === "object") {
      found[name] = Object.values(value as Record<string, unknown>).flat().join(" ");
    }
  }
  return found;
}

/** What to tell a person about a failed call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 409) return `${error.message} (Another row still uses it, or a value is already taken.)`;
    return error.message;
  }
  return "Something went wrong; check your connection and try again.";
}
