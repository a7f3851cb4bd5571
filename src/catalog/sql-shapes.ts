// Shapes of step SQL shared by operations: a statement under the lock timeout (issue 12 replaces
// it by a retrying lock step, here, once).
import { quoteLiteral } from "../sql/quote.js";

export function underLockTimeout(lockTimeout: string, statement: string): string {
  return `SET lock_timeout = ${quoteLiteral(lockTimeout)};\n${statement}\nRESET lock_timeout;\n`;
}
