// Identifiers and literals written the way Prisma writes them: every identifier double-quoted.

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `"schema"."table"` outside the default schema (`@@schema`), else `"table"`, as Prisma writes it. */
export function tableRef(table: { schema: string; name: string; qualified: boolean }): string {
  return table.qualified ? `${quoteIdent(table.schema)}.${quoteIdent(table.name)}` : quoteIdent(table.name);
}

/** A DO block: the body between dollar quotes whose tag the body does not hold (an identifier may hold anything). */
export function doBlock(body: string, tagName: string): string {
  for (let n = 0; ; n++) {
    const tag = n === 0 ? `$${tagName}$` : `$${tagName}_${n}$`;
    if (!body.includes(tag)) return `DO ${tag}\n${body}\n${tag};`;
  }
}
