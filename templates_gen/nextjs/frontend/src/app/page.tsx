"use client";
/** The start page: straight to the first workspace, or to login. */
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { goToLogin } from "@/lib/api";
import { ApiError, describeError } from "@/lib/errors";
import { TENANT } from "@/lib/registry";
import { auth } from "@/lib/tenant-api";

export default function Home() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    auth.me().then(
      (me) => {
        const first = me[TENANT.plural][0];
        router.replace(first ? `/t/${first.id}` : "/signup");
      },
      (failure: unknown) => {
        if (failure instanceof ApiError && failure.status === 401) goToLogin();
        else setError(describeError(failure));
      },
    );
  }, [router]);
  return (
    <main id="main" className="narrow">
      {error ? <p role="alert" className="error">{error}</p> : <p aria-live="polite">Loading…</p>}
    </main>
  );
}
