"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { AuthCard } from "@/components/auth-card";
import { describeError } from "@/lib/errors";
import { auth } from "@/lib/tenant-api";

export default function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      await auth.requestReset(email);
      setSent(true);
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <AuthCard title="Reset your password">
      {sent ? (
        <p role="status">If an account uses {email}, a link to reset its password is on its way.</p>
      ) : (
        <form onSubmit={submit}>
          {error ? <p role="alert" className="error">{error}</p> : null}
          <div className="field">
            <label htmlFor="email">Email</label>
            <input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <button type="submit" className="primary">Send the link</button>
        </form>
      )}
      <p>
        <Link href="/login">Back to log in</Link>
      </p>
    </AuthCard>
  );
}
