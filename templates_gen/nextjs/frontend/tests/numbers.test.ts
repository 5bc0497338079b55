/** Whole numbers beyond 2^53 and decimals are compared and sent exactly, never rounded. */
import { describe, expect, it } from "vitest";
import { exactNumbers, quoteUnsafeIntegers, serializeBody } from "@/lib/api";
import type { FieldMeta } from "@/lib/entity";
import { compareDecimal, fieldProblem } from "@/lib/form";

function field(type: FieldMeta["type"], min: number | string | null, max: number | string | null): FieldMeta {
  return {
    name: "n", type, required: false, hasDefault: false, default: null, immutable: false, unique: false,
    maxLength: null, minLength: null, pattern: null, min, max, precision: 38, scale: 10, values: [],
  };
}

describe("numbers", () => {
  it("compares decimal text exactly", () => {
    expect(compareDecimal("9007199254740993", "9007199254740992")).toBe(1);
    expect(compareDecimal("-0.10", "-0.1")).toBe(0);
    expect(compareDecimal("-2", "1")).toBe(-1);
    expect(compareDecimal("-0", "0")).toBe(0);
    expect(compareDecimal("1000000.0000000001", "1000000")).toBe(1);
    expect(compareDecimal("-1000.5", "-1000")).toBe(-1);
  });

  it("checks bounds beyond 2^53 without rounding", () => {
    const big = field("bigint", 0, "9000000000000000000");
    expect(fieldProblem(big, "9000000000000000000")).toBeNull();
    expect(fieldProblem(big, "9000000000000000001")).toMatch(/between/);
    const decimal = field("decimal", "-1000", "1000000");
    expect(fieldProblem(decimal, "1000000.0000000001")).toMatch(/between/);
    expect(fieldProblem(decimal, "-1000")).toBeNull();
  });

  it("writes BigInt values as exact digits and leaves strings alone", () => {
    const text = serializeBody({ big: BigInt("9000000000000000001"), small: 3, note: "bigint-x:1" });
    expect(text).toBe('{"big":9000000000000000001,"small":3,"note":"bigint-x:1"}');
  });

  it("reads whole numbers beyond 2^53 from the API as exact text", async () => {
    const body = '{"big": 9223372036854775807, "neg": -9007199254740993, "safe": 9007199254740991, "f": 1.5e300, "s": "12345678901234567890 \\" 99999999999999999999"}';
    expect(JSON.parse(quoteUnsafeIntegers(body))).toEqual({
      big: "9223372036854775807",
      neg: "-9007199254740993",
      safe: 9007199254740991,
      f: 1.5e300,
      s: '12345678901234567890 " 99999999999999999999',
    });
    const response = await exactNumbers(new Response(body, { status: 201, headers: { "Content-Type": "application/json" } }));
    expect(response.status).toBe(201);
    expect((await response.json()).big).toBe("9223372036854775807");
    const empty = new Response(null, { status: 204 });
    expect(await exactNumbers(empty)).toBe(empty);
  });
});
