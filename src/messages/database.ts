// Messages about reaching the database. None of them shows a URL except through redactUrl.
import { TOOL } from "./notices.js";

const ERRNO: Record<string, string> = { ENOENT: "no such file", EACCES: "permission denied", EISDIR: "it is a folder" };

export const databaseMessages = {
  invalidUrl: (source: string) =>
    `${TOOL}: the database URL from ${source} is not a valid URL (a password with @, # or / must be percent-encoded). Fix it, or pass another one with --url.`,
  sslFileUnreadable: (parameter: string, path: string, source: string, code: string) =>
    `${TOOL}: cannot read the ${parameter} file ${path} named in the database URL from ${source} (${ERRNO[code] ?? code}). Fix the path in the URL, or pass another one with --url.`,
  badConnectionSettings: (source: string, reason: string) =>
    `${TOOL}: the database URL from ${source} cannot be used: ${reason}. Fix it, or pass another one with --url.`,
  cannotConnect: (shownUrl: string, source: string, reason: string) =>
    `${TOOL}: cannot connect to ${shownUrl} (from ${source}): ${reason}. Check that the server is running and the URL is right, or pass another one with --url.`,
};
