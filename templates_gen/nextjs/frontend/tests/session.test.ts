/** The client sends the CSRF header on writes and refreshes the session once on a 401. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { sessionFetch } from "@/lib/api";
import { readCookie } from "@/lib/cookies";

afterEach(() => {
  vi.unstubAllGlobals();
  document.cookie = "csrf_access_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
});

describe("sessionFetch", () => {
  it("reads cookies by exact name", () => {
    expect(readCookie("csrf_access_token", "xcsrf_access_token=1; csrf_access_token=two%3D")).toBe("two=");
    expect(readCookie("missing", "a=1")).toBeUndefined();
  });

  it("sends X-CSRF-TOKEN from the cookie on a write, not on a read", async () => {
    document.cookie = "csrf_access_token=abc";
    const seen: Request[] = [];
    vi.stubGlobal("fetch", vi.fn(async (request: Request) => (seen.push(request), new Response("{}", { status: 200 }))));
    await sessionFetch(new Request("http://localhost/api/v1/things", { method: "POST", body: "{}" }));
    await sessionFetch(new Request("http://localhost/api/v1/things"));
    expect(seen[0]?.headers.get("X-CSRF-TOKEN")).toBe("abc");
    expect(seen[1]?.headers.get("X-CSRF-TOKEN")).toBeNull();
  });

  it("refreshes once on a 401 and retries the request with its body", async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        calls.push(`${request.method} ${path} ${await request.clone().text()}`);
        if (path === "/api/v1/auth/refresh") return new Response("{}", { status: 200 });
        const retried = calls.filter((call) => call.startsWith("PATCH")).length > 1;
        return new Response("{}", { status: retried ? 200 : 401 });
      }),
    );
    const response = await sessionFetch(new Request("http://localhost/api/v1/things/1", { method: "PATCH", body: '{"a":1}' }));
    expect(response.status).toBe(200);
    expect(calls).toEqual(['PATCH /api/v1/things/1 {"a":1}', "POST /api/v1/auth/refresh ", 'PATCH /api/v1/things/1 {"a":1}']);
  });

  it("does not refresh when logging in fails", async () => {
    const fetchMock = vi.fn(async () => new Response("{}", { status: 401 }));
    vi.stubGlobal("fetch", fetchMock);
    const response = await sessionFetch(new Request("http://localhost/api/v1/auth/login", { method: "POST", body: "{}" }));
    expect(response.status).toBe(401);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
