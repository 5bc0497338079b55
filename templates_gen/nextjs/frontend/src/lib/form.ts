/** Form values of an entity, their zod schema (from the genome's rules) and the API payload. */
import { z } from "zod";
import type { EntityConfig, FieldMeta, RelationMeta, Row } from "@/lib/entity";

export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;
export type Mode = "create" | "update";

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_START = /^https?:\/\/\S+$/i;

/** The fields a person fills in for this mode (a state field moves by its actions instead). */
export function editableFields(config: EntityConfig, mode: Mode): FieldMeta[] {
  const state = config.transitions?.field;
  return config.fields.filter((field) => {
    if (field.name === state) return mode === "create" && !field.hasDefault;
    return mode === "create" || !field.immutable;
  });
}

function compilePattern(pattern: string | null): RegExp | null {
  if (!pattern) return null;
  try {
    return new RegExp(pattern, "u");
  } catch {
    return null; // a pattern JavaScript cannot read is still checked by the server
  }
}

/** -1, 0 or 1 as decimal text `a` is below, equal to or above decimal text `b`, exactly. */
export function compareDecimal(a: string, b: string): number {
  const sign = (text: string) => (text.startsWith("-") && /[1-9]/.test(text) ? -1 : 1);
  const [signA, signB] = [sign(a), sign(b)];
  if (signA !== signB) return signA;
  const parts = (text: string) => {
    const [whole = "", fraction = ""] = text.replace(/^[-+]/, "").split(".");
    return [whole.replace(/^0+/, ""), fraction.replace(/0+$/, "")] as const;
  };
  const [wholeA, fractionA] = parts(a);
  const [wholeB, fractionB] = parts(b);
  let order = Math.sign(wholeA.length - wholeB.length);
  if (order === 0) {
    const width = Math.max(fractionA.length, fractionB.length);
    const digitsA = wholeA + fractionA.padEnd(width, "0");
    const digitsB = wholeB + fractionB.padEnd(width, "0");
    order = digitsA < digitsB ? -1 : digitsA > digitsB ? 1 : 0;
  }
  return order === 0 ? 0 : order * signA;
}

/** A bound of the genome as decimal text (numbers beyond 2^53 are written as text already). */
function boundText(bound: number | string): string {
  if (typeof bound === "string") return bound;
  return Number.isInteger(bound) ? BigInt(bound).toString() : String(bound);
}

/** Whether a value is outside the field's min/max: exact for whole and decimal numbers. */
function outOfRange(field: FieldMeta, value: string, num: number): boolean {
  const exact = field.type !== "float" && DECIMAL.test(value);
  const compare = (bound: number | string) => {
    const text = boundText(bound);
    return exact && DECIMAL.test(text) ? compareDecimal(value, text) : Math.sign(num - Number(bound));
  };
  return (field.min !== null && compare(field.min) < 0) || (field.max !== null && compare(field.max) > 0);
}

/** The problem with one text value of a field, or null. */
export function fieldProblem(field: FieldMeta, value: string): string | null {
  const num = Number(value);
  const outside = outOfRange(field, value, num);
  const range = `between ${field.min ?? "-∞"} and ${field.max ?? "∞"}`;
  switch (field.type) {
    case "integer":
    case "bigint":
      if (!INTEGER.test(value)) return "Enter a whole number.";
      if (outside) return `Enter a number ${range}.`;
      return null;
    case "float":
      if (value.trim() === "" || !Number.isFinite(num)) return "Enter a number.";
      if (outside) return `Enter a number ${range}.`;
      return null;
    case "decimal": {
      if (!DECIMAL.test(value)) return "Enter a number such as 12.50.";
      const [whole = "", fraction = ""] = value.replace("-", "").split(".");
      const scale = field.scale ?? 0;
      const digits = (field.precision ?? 38) - scale;
      if (fraction.length > scale) return `Use at most ${scale} decimal places.`;
      if (whole.replace(/^0+(?=\d)/, "").length > digits) return `Use at most ${digits} digits before the point.`;
      if (outside) return `Enter a number ${range}.`;
      return null;
    }
    case "date":
      return DATE.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Enter a date.";
    case "datetime":
      return Number.isNaN(Date.parse(value)) ? "Enter a date and time." : null;
    case "time":
      return TIME.test(value) ? null : "Enter a time (HH:MM).";
    case "uuid":
      return UUID.test(value) ? null : "Enter a UUID such as 123e4567-e89b-12d3-a456-426614174000.";
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Enter valid JSON.";
      }
    case "enum":
      return field.values.includes(value) ? null : "Choose one of the options.";
    default:
      break;
  }
  if (field.minLength !== null && [...value].length < field.minLength) return `Use at least ${field.minLength} characters.`;
  if (field.maxLength !== null && [...value].length > field.maxLength) return `Use at most ${field.maxLength} characters.`;
  if (field.type === "email" && !EMAIL.test(value)) return "Enter an email address.";
  if (field.type === "url" && !URL_START.test(value)) return "Enter a web address starting with http:// or https://.";
  const pattern = compilePattern(field.pattern);
  if (pattern && !pattern.test(value)) return "This does not have the expected format.";
  return null;
}

function mustFill(field: FieldMeta, mode: Mode): boolean {
  return field.required && (mode === "update" || !field.hasDefault);
}

/** One zod schema per entity and mode, built from the genome's field rules. */
export function formSchema(config: EntityConfig, mode: Mode) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of editableFields(config, mode)) {
    if (field.type === "boolean") {
      shape[field.name] = z.boolean();
      continue;
    }
    shape[field.name] = z.string().superRefine((value, ctx) => {
      if (value === "") {
        if (mustFill(field, mode)) ctx.addIssue({ code: "custom", message: "This field is required." });
        return;
      }
      const problem = fieldProblem(field, value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
  }
  for (const relation of config.relations) {
    if (relation.kind === "many_to_many") {
      shape[relation.wire] = z.array(z.string());
    } else {
      shape[relation.wire] = z.string().refine((value) => value !== "" || !relation.required, {
        message: "Choose one.",
      });
    }
  }
  return z.object(shape);
}

/** Field name -> first message, or an empty object when the values are valid. */
export function validate(config: EntityConfig, mode: Mode, values: FormValues): Record<string, string> {
  const result = formSchema(config, mode).safeParse(values);
  const errors: Record<string, string> = {};
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? "");
      if (!(key in errors)) errors[key] = issue.message;
    }
  }
  return errors;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** An ISO date-time as the value of a datetime-local input (local time). */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function inputValue(field: FieldMeta, value: unknown): FormValue {
  if (field.type === "boolean") return value === true || value === "true" || value === "True";
  if (value === null || value === undefined) return "";
  if (field.type === "json") return typeof value === "string" ? value : JSON.stringify(value, null, 2);
  if (field.type === "datetime") return toLocalInput(String(value));
  if (field.type === "time") return String(value).slice(0, 5);
  return String(value);
}

function relationValue(relation: RelationMeta, value: unknown): FormValue {
  if (relation.kind === "many_to_many") return Array.isArray(value) ? value.map(String) : [];
  return value === null || value === undefined ? "" : String(value);
}

/** The starting values of the form: the row's, or the genome's defaults for a new row. */
export function initialValues(config: EntityConfig, mode: Mode, row?: Row): FormValues {
  const values: FormValues = {};
  for (const field of editableFields(config, mode)) {
    const source = row ? row[field.name] : field.hasDefault ? field.default : null;
    values[field.name] = inputValue(field, source);
  }
  for (const relation of config.relations) {
    values[relation.wire] = relationValue(relation, row ? row[relation.wire] : null);
  }
  return values;
}

function toWire(field: FieldMeta, value: string): unknown {
  switch (field.type) {
    case "integer":
    case "bigint": {
      // Whole numbers beyond 2^53 travel exactly as BigInt (lib/api.ts writes them as digits).
      const whole = BigInt(value);
      return Number.isSafeInteger(Number(whole)) ? Number(whole) : whole;
    }
    case "float":
      return Number(value);
    case "datetime":
      return new Date(value).toISOString();
    case "time":
      return value.length === 5 ? `${value}:00` : value;
    case "json":
      return JSON.parse(value);
    default:
      return value;
  }
}

/** The JSON body of a create (empty fields left out) or an update (empty fields cleared). */
export function toPayload(config: EntityConfig, mode: Mode, values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of editableFields(config, mode)) {
    const value = values[field.name];
    if (typeof value === "boolean") body[field.name] = value;
    else if (typeof value === "string" && value !== "") body[field.name] = toWire(field, value);
    else if (mode === "update") body[field.name] = null;
  }
  for (const relation of config.relations) {
    const value = values[relation.wire];
    if (Array.isArray(value)) body[relation.wire] = value.map(Number);
    else if (typeof value === "string" && value !== "") body[relation.wire] = Number(value);
    else if (mode === "update") body[relation.wire] = null;
  }
  return body;
}
