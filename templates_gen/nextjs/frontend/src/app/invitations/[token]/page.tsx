"use client";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useState } from "react";
import { AuthCard } from "@/components/auth-card";
import { ApiError, describeError } from "@/lib/errors";
import { TENANT } from "@/lib/registry";
import { auth } from "@/lib/tenant-api";

export default function AcceptInvitationPage() {
  const { token } = useParams<{ token: string }>();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [needsLogin, setNeedsLogin] = useState(false);
  const here = `/invitations/${encodeURIComponent(token)}`;

  async function accept() {
    setError(null);
    try {
      const result = await auth.acceptInvitation(token);
      router.push(`/t/${result[TENANT.singular].id}`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) setNeedsLogin(true);
      else setError(describeError(failure));
    }
  }

  return (
    <AuthCard title="Join a team">
      <p>You were invited to a {TENANT.singular}. Accept to see its data.</p>
      {error ? <p role="alert" className="error">{error}</p> : null}
      {needsLogin ? (
        <p role="status">
          <Link href={`/login?next=${encodeURIComponent(here)}`}>Log in</Link> or{" "}
          <Link href={`/signup?next=${encodeURIComponent(here)}`}>create an account</Link> with the invited email, then accept.
        </p>
      ) : null}
      <button type="button" className="primary" onClick={accept}>
        Accept the invitation
      </button>
    </AuthCard>
  );
}
