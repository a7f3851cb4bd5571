#!/usr/bin/env node
// The offline Prisma schema engine (../shared/prisma-offline, the real engine compiled to Wasm
// over node-postgres), with Prisma's own PostgreSQL 18 fix applied. PostgreSQL 18 lists every
// NOT NULL column in pg_constraint (contype 'n'); the engine's describer reads CHECK and EXCLUDE
// constraints with `contype NOT IN ('p', 'u', 'f')`, so the new rows reach it, and through a
// driver adapter ("char" arrives as text) it panics on them (prisma/orm#29635). The native engine
// skips them. This wrapper sends the describer's query with the allow-list of the upstream fix
// (prisma/prisma-engines#5819, `contype IN ('c', 'x')`) and changes nothing else.
// Used by scripts/prisma-engine-env.mjs in place of the engine it wraps (PRISMA_OFFLINE_ENGINE).
"use strict";
const Module = require("node:module");

const DENY = /contype\s+NOT\s+IN\s*\(\s*'p'\s*,\s*'u'\s*,\s*'f'\s*\)/gi;
const allowList = (sql) => sql.replace(DENY, "contype IN ('c', 'x')");

const load = Module._load;
const patched = new WeakSet();
Module._load = function (request, ...rest) {
  const loaded = load.call(this, request, ...rest);
  if (request === "pg" && loaded && loaded.Client && !patched.has(loaded.Client)) {
    patched.add(loaded.Client);
    const query = loaded.Client.prototype.query;
    loaded.Client.prototype.query = function (config, ...args) {
      if (typeof config === "string") config = allowList(config);
      else if (config && typeof config.text === "string") config = { ...config, text: allowList(config.text) };
      return query.call(this, config, ...args);
    };
  }
  return loaded;
};

const engine = process.env.PRISMA_OFFLINE_ENGINE;
if (!engine) {
  process.stderr.write("schema-engine-pg18: PRISMA_OFFLINE_ENGINE (the wrapped schema-engine) is not set\n");
  process.exit(1);
}
require(engine);
