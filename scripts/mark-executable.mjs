// tsc writes dist/bin.js without the executable bit. npm sets it when the package is installed,
// but a checkout's own build is run directly (the demo links it as node_modules/.bin/prisma-concurrently,
// which Prisma starts through a shell), so the build sets it too.
import { chmodSync } from "node:fs";

chmodSync(new URL("../dist/bin.js", import.meta.url), 0o755);
