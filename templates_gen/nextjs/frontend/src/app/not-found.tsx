import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="narrow">
      <h1>Not found</h1>
      <p>There is nothing at this address.</p>
      <Link href="/">Go to the start page</Link>
    </main>
  );
}
