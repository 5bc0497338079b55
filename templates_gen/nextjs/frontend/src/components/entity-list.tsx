"use client";
/** A page of rows with search, sort, filters on enums and pagination (the backend's parameters). */
import Link from "next/link";
import { useEffect, useState } from "react";
import { allows, humanize, rowTitle, titleField, type EntityConfig, type ListQuery, type Page, type Role } from "@/lib/entity";
import { describeError } from "@/lib/errors";

const PER_PAGE = 20;

function cell(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function EntityList({ config, tenantId, role }: { config: EntityConfig; tenantId: number; role: Role | undefined }) {
  const [q, setQ] = useState("");
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState("-id");
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [page, setPage] = useState(1);
  const [data, setData] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const title = titleField(config);
  const columns = config.fields.filter((field) => field.name !== title && field.type !== "json" && field.type !== "text").slice(0, 3);
  const enums = config.fields.filter((field) => field.type === "enum");

  useEffect(() => {
    let live = true;
    const query: ListQuery = { page, per_page: PER_PAGE, sort };
    if (search) query.q = search;
    for (const [name, value] of Object.entries(filters)) if (value) query[name] = value;
    config.api.list(tenantId, query).then(
      (found) => live && (setData(found), setError(null)),
      (failure: unknown) => live && setError(describeError(failure)),
    );
    return () => {
      live = false;
    };
  }, [config, tenantId, page, sort, search, filters]);

  const pages = data ? Math.max(1, Math.ceil(data.total / data.per_page)) : 1;
  const label = humanize(config.plural);
  return (
    <section aria-labelledby="list-title">
      <div className="heading">
        <h1 id="list-title">{label}</h1>
        {allows(config, role, "create") ? (
          <Link className="button primary" href={`/t/${tenantId}/data/${config.segment}/new`}>
            New {humanize(config.singular).toLowerCase()}
          </Link>
        ) : null}
      </div>
      {config.description ? <p className="muted">{config.description}</p> : null}
      <div className="toolbar">
        {config.search ? (
          <form
            role="search"
            onSubmit={(event) => {
              event.preventDefault();
              setPage(1);
              setSearch(q.trim());
            }}
          >
            <label htmlFor="list-search">Search {label.toLowerCase()}</label>
            <input id="list-search" type="search" value={q} onChange={(event) => setQ(event.target.value)} />
            <button type="submit">Search</button>
          </form>
        ) : null}
        <div className="field">
          <label htmlFor="list-sort">Sort by</label>
          <select id="list-sort" value={sort} onChange={(event) => (setPage(1), setSort(event.target.value))}>
            <option value="-id">Newest first</option>
            <option value="id">Oldest first</option>
            {config.fields
              .filter((field) => field.type !== "json")
              .flatMap((field) => [
                <option key={field.name} value={field.name}>{`${humanize(field.name)} ↑`}</option>,
                <option key={`-${field.name}`} value={`-${field.name}`}>{`${humanize(field.name)} ↓`}</option>,
              ])}
          </select>
        </div>
        {enums.map((field) => (
          <div className="field" key={field.name}>
            <label htmlFor={`filter-${field.name}`}>{humanize(field.name)}</label>
            <select
              id={`filter-${field.name}`}
              value={filters[field.name] ?? ""}
              onChange={(event) => (setPage(1), setFilters({ ...filters, [field.name]: event.target.value }))}
            >
              <option value="">All</option>
              {field.values.map((value) => (
                <option key={value} value={value}>
                  {humanize(value)}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {error ? <p role="alert" className="error">{error}</p> : null}
      {!data && !error ? <p aria-live="polite" className="muted">Loading…</p> : null}
      {data && data.items.length === 0 ? (
        <p className="empty">{search ? `No ${label.toLowerCase()} match “${search}”.` : `No ${label.toLowerCase()} yet.`}</p>
      ) : null}
      {data && data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{humanize(config.singular)}</th>
                {columns.map((field) => (
                  <th scope="col" key={field.name}>
                    {humanize(field.name)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.items.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link href={`/t/${tenantId}/data/${config.segment}/${row.id}`}>{rowTitle(config, row)}</Link>
                  </td>
                  {columns.map((field) => (
                    <td key={field.name}>{cell(row[field.name])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && data.total > data.per_page ? (
        <nav aria-label="Pages" className="pager">
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {pages} ({data.total})
          </span>
          <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </nav>
      ) : null}
    </section>
  );
}
