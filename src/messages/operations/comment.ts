// A header as SQL comment lines: `-- text`, and `--` for an empty line.
export const comment = (lines: string[]) => `${lines.map((l) => (l ? `-- ${l}` : "--")).join("\n")}\n`;
