import { describe, expect, it } from "vitest";
import { sourcePositions } from "./source-positions.js";
import { loadParser, parseStatements } from "./parse.js";

/** The definition: decode the bytes before the offset, count lines and the last line's characters. */
function decodedPosition(text: string, byteOffset: number) {
  const before = Buffer.from(text, "utf8").subarray(0, byteOffset).toString("utf8");
  const lines = before.split("\n");
  return { line: lines.length, column: [...lines.at(-1)!].length + 1 };
}

describe("sourcePositions", () => {
  it("gives line and column of byte offsets in ASCII text", () => {
    const at = sourcePositions("SELECT 1;\nSELECT 2;\n\n  SELECT 3;");
    expect(at(0)).toEqual({ line: 1, column: 1 });
    expect(at(10)).toEqual({ line: 2, column: 1 });
    expect(at(17)).toEqual({ line: 2, column: 8 });
    expect(at(23)).toEqual({ line: 4, column: 3 });
  });

  it("counts multi-byte characters (2, 3 and 4 bytes) as one column each", () => {
    // "é" is 2 bytes, "€" 3, "😀" 4 (two UTF-16 units).
    const text = "-- é€😀\nCOMMENT ON TABLE \"t\" IS 'é😀';\nSELECT 1;";
    const at = sourcePositions(text);
    const select = Buffer.from(text, "utf8").indexOf("SELECT");
    expect(at(select)).toEqual({ line: 3, column: 1 });
    const is = Buffer.from(text, "utf8").indexOf("IS");
    expect(at(is)).toEqual({ line: 2, column: 22 });
    expect(at(Buffer.from("-- é€😀", "utf8").length)).toEqual({ line: 1, column: 7 });
  });

  it("agrees with decoding from the start at every byte offset, including inside a character and past the end", () => {
    const text = "a\u00e9b\n\u20ac\n\n\ud83d\ude00x\r\ny\ud800z\n";
    const at = sourcePositions(text);
    const length = Buffer.byteLength(text, "utf8");
    for (let offset = 0; offset <= length + 2; offset++) {
      expect(at(offset), `byte ${offset}`).toEqual(decodedPosition(text, offset));
    }
    expect(at(-5)).toEqual({ line: 1, column: 1 });
  });

  it("statements after multi-byte text get their line and column", async () => {
    await loadParser();
    const sql = "-- Ünïcödé 😀 header\nCREATE TABLE \"t\" (\"name\" TEXT DEFAULT 'ÄÖÜ');\n  CREATE INDEX \"i\" ON \"t\"(\"name\");\n";
    const [table, index] = parseStatements(sql);
    expect(table).toMatchObject({ kind: "CreateStmt", line: 2, column: 1 });
    expect(index).toMatchObject({ kind: "IndexStmt", line: 3, column: 3 });
  });

  it("answers many look-ups in a large script without decoding it again each time", () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `-- Migration step ${i} é\nCREATE INDEX "i${i}" ON "t"("näme");\n`).join("");
    const bytes = Buffer.byteLength(text, "utf8");
    const started = performance.now();
    const at = sourcePositions(text);
    let last = { line: 0, column: 0 };
    for (let i = 0; i < 40_000; i++) last = at(Math.floor((bytes * i) / 40_000));
    // Decoding 2 MB from the start for each of 40,000 look-ups takes minutes; this is milliseconds.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(last.line).toBe(40_000);
  });
});
