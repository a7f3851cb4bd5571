// Prisma's naming rule for indexes on PostgreSQL (see design.md): `{table}_{columns}_key` for a
// unique, `{table}_{columns}_idx` for an `@@index`, with the part before the suffix cut to 59 bytes
// at a UTF-8 character boundary when it is 59 bytes or longer, so that the whole name fits
// PostgreSQL's 63-byte identifier limit. (Not PostgreSQL's own rule for unnamed indexes, which
// shortens the longest part: that one is in pg-names.ts.)

/** PostgreSQL's identifier limit, in bytes: Prisma cuts the part before `_suffix` to fit it. */
const MAX_NAME_BYTES = 63;

export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}

/** Prisma's default name of a unique (`key`), an `@@index` (`idx`) or a relation's foreign key (`fkey`) from db names. */
export function prismaIndexName(table: string, columns: readonly string[], suffix: "key" | "idx" | "fkey"): string {
  const prefix = [table, ...columns].join("_");
  // 59 bytes before `_key` / `_idx`, 58 before `_fkey` (prisma-engines' ConstraintNames).
  const max = MAX_NAME_BYTES - suffix.length - 1;
  return `${Buffer.byteLength(prefix, "utf8") >= max ? truncateUtf8(prefix, max) : prefix}_${suffix}`;
}

export function defaultUniqueName(table: string, columns: readonly string[]): string {
  return prismaIndexName(table, columns, "key");
}
