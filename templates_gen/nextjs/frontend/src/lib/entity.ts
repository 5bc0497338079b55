/** What a generated entity module describes: its fields, relations, rules and API calls. */
export type FieldType =
  | "string" | "text" | "integer" | "bigint" | "float" | "decimal" | "boolean"
  | "date" | "datetime" | "time" | "email" | "url" | "uuid" | "json" | "enum";

export type Role = "owner" | "admin" | "member";
export type Action = "read" | "create" | "update" | "delete";

export interface FieldMeta {
  name: string;
  type: FieldType;
  required: boolean;
  /** The server fills it when it is left out (the genome's default). */
  hasDefault: boolean;
  default: unknown;
  immutable: boolean;
  unique: boolean;
  maxLength: number | null;
  minLength: number | null;
  pattern: string | null;
  min: number | string | null;
  max: number | string | null;
  precision: number | null;
  scale: number | null;
  values: readonly string[];
}

export interface RelationMeta {
  name: string;
  kind: "many_to_one" | "one_to_one" | "many_to_many";
  /** The wire name: `<name>_id`, or `<singular>_ids` for many_to_many. */
  wire: string;
  /** The target's url segment, or null when it points at a user (a member of the tenant). */
  target: string | null;
  required: boolean;
}

export type Row = Record<string, unknown> & { id: number };

export interface Page {
  items: Row[];
  page: number;
  per_page: number;
  total: number;
}

export interface ListQuery {
  page?: number;
  per_page?: number;
  q?: string;
  sort?: string;
  [filter: string]: string | number | undefined;
}

export interface EntityApi {
  list(tenantId: number, query: ListQuery): Promise<Page>;
  get(tenantId: number, id: number): Promise<Row>;
  create(tenantId: number, body: Record<string, unknown>): Promise<Row>;
  update(tenantId: number, id: number, body: Record<string, unknown>): Promise<Row>;
  remove(tenantId: number, id: number): Promise<void>;
}

export interface EntityConfig {
  name: string;
  /** snake_case singular and plural, as in the genome. */
  singular: string;
  plural: string;
  /** The URL segment of the API and of these pages. */
  segment: string;
  description: string;
  fields: readonly FieldMeta[];
  relations: readonly RelationMeta[];
  search: boolean;
  transitions: { field: string; allowed: Readonly<Record<string, readonly string[]>> } | null;
  permissions: Readonly<Record<Role, readonly Action[]>>;
  api: EntityApi;
}

/** "starts_at" -> "Starts at". */
export function humanize(name: string): string {
  const words = name.replace(/_+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}

/** May this role do this action on the entity (the genome's permissions)? */
export function allows(config: EntityConfig, role: Role | undefined, action: Action): boolean {
  return role !== undefined && config.permissions[role].includes(action);
}

/** The field that names a row in lists and selects: the first short text, else the id. */
export function titleField(config: EntityConfig): string | null {
  const text = config.fields.find((field) => ["string", "email"].includes(field.type) && !field.immutable)
    ?? config.fields.find((field) => ["string", "email", "url", "text"].includes(field.type));
  return text ? text.name : null;
}

/** A readable name for a row. */
export function rowTitle(config: EntityConfig, row: Row): string {
  const field = titleField(config);
  const value = field ? row[field] : null;
  return typeof value === "string" && value.trim() ? value : `${humanize(config.singular)} #${row.id}`;
}
