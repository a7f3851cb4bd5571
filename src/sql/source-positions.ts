// Line and column of a byte offset in a script (PostgreSQL's parser reports byte offsets; messages
// show lines and columns). One pass over the text records where each line starts, in bytes and in
// UTF-16 units, so each look-up is a binary search plus a walk along one line — not a decode of the
// file from its start for every statement, which made a long first migration quadratic.

export interface SourcePosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, in characters (code points) of that line. */
  column: number;
}

export type PositionOf = (byteOffset: number) => SourcePosition;

/** UTF-8 length of the character at `text[i]`: 4 for a surrogate pair (two UTF-16 units), 3 for a lone surrogate (encoded as U+FFFD). */
function utf8Length(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 4;
  }
  return 3;
}

export function sourcePositions(text: string): PositionOf {
  const lineByte: number[] = [0];
  const lineIndex: number[] = [0];
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const length = utf8Length(text, i);
    bytes += length;
    if (length === 4) i++; // the low surrogate
    if (text.charCodeAt(i) === 0x0a) {
      lineByte.push(bytes);
      lineIndex.push(i + 1);
    }
  }
  const totalBytes = bytes;
  return (byteOffset) => {
    const target = Math.max(0, Math.min(byteOffset, totalBytes));
    // The last line that starts at or before the target.
    let lo = 0;
    let hi = lineByte.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineByte[mid]! <= target) lo = mid;
      else hi = mid - 1;
    }
    let column = 1;
    let at = lineByte[lo]!;
    for (let i = lineIndex[lo]!; at < target && i < text.length; i++, column++) {
      const length = utf8Length(text, i);
      at += length;
      if (length === 4) i++;
    }
    return { line: lo + 1, column };
  };
}
