/** Whole numbers beyond 2^53 and decimals are compared and sent exactly, never rounded. */
import { describe, expect, it } from "vitest";
import { serializeBody } from "@/lib/api";
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
});
