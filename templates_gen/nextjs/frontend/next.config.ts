import type { NextConfig } from "next";

// Same origin by design: the browser only talks to this server. In development (and when
// `next start` runs without nginx in front) /api/* is forwarded to Flask at API_URL;
// in docker compose nginx sends /api/ to Flask before it reaches Next.
const apiUrl = process.env.API_URL ?? "http://127.0.0.1:5000";

const config: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  // `next dev` would otherwise write AGENTS.md / CLAUDE.md into the project when it detects
  // a coding agent: `make dev` must not change the user's files.
  agentRules: false,
  async rewrites() {
    return [{ source: "/api/:path*", destination: `${apiUrl}/api/:path*` }];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default config;
