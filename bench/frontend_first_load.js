// First-load JS of every app route of a built generated frontend: the root main files plus
// the route's client entry chunks, raw and gzip -9. Run after `next build`:
//   node bench/frontend_first_load.js path/to/project/frontend
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const fe = process.argv[2], next = path.join(fe, ".next");
const build = JSON.parse(fs.readFileSync(path.join(next, "build-manifest.json")));
const root = [...(build.rootMainFiles || []), ...(build.polyfillFiles || [])];
globalThis.__RSC_MANIFEST = {};
const found = [];
(function walk(dir) { for (const e of fs.readdirSync(dir, { withFileTypes: true })) { const p = path.join(dir, e.name); if (e.isDirectory()) walk(p); else if (e.name === "page_client-reference-manifest.js") found.push(p); } })(path.join(next, "server/app"));
for (const file of found) require(file);
const rows = [];
for (const [route, m] of Object.entries(globalThis.__RSC_MANIFEST)) {
  const files = new Set(root);
  for (const list of Object.values(m.entryJSFiles || {})) for (const f of list) if (f.startsWith("static/") ) files.add(f);
  let raw = 0, gz = 0;
  for (const f of files) { const d = fs.readFileSync(path.join(next, f)); raw += d.length; gz += zlib.gzipSync(d, { level: 9 }).length; }
  rows.push(`| ${route} | ${files.size} | ${Math.round(raw / 1024)} KiB | ${Math.round(gz / 1024)} KiB |`);
}
console.log(rows.sort().join("\n"));
