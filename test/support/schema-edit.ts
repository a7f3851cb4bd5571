// Small edits of a Prisma schema in tests: add a line to a model, or change one field line.

function modelBlock(schema: string, model: string): { start: number; end: number } {
  const start = schema.search(new RegExp(`^model\\s+${model}\\s*\\{`, "m"));
  if (start === -1) throw new Error(`no model ${model} in the schema`);
  const end = schema.indexOf("\n}", start);
  return { start, end };
}

/** Adds `line` (e.g. `@@unique([a, b])`) as the last line of `model`'s block. */
export function addToModel(schema: string, model: string, line: string): string {
  const { end } = modelBlock(schema, model);
  return `${schema.slice(0, end)}\n  ${line}${schema.slice(end)}`;
}

/** Removes the line of `model` that contains `text`. */
export function removeFromModel(schema: string, model: string, text: string): string {
  const { start, end } = modelBlock(schema, model);
  const block = schema.slice(start, end).split("\n").filter((l) => !l.includes(text)).join("\n");
  return schema.slice(0, start) + block + schema.slice(end);
}

/** Appends `attribute` (e.g. `@unique`) to the line of `field` in `model`. */
export function addToField(schema: string, model: string, field: string, attribute: string): string {
  const { start, end } = modelBlock(schema, model);
  const block = schema.slice(start, end).replace(new RegExp(`^(\\s+${field}\\s+\\S.*)$`, "m"), `$1 ${attribute}`);
  return schema.slice(0, start) + block + schema.slice(end);
}

/** Sets `key = "value"` in the `generator concurrently` block. */
export function setGeneratorOption(schema: string, key: string, value: string): string {
  return schema.replace(/(generator\s+concurrently\s*\{[^}]*?)(\n\})/, `$1\n  ${key} = "${value}"$2`);
}
