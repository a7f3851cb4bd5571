// Secrets stay secret: a database URL that carries its password as a parameter (`?password=…`,
// which node-postgres and libpq accept) really connects, and no command shows the password in
// any output: doctor (text and --json), duplicates (text and --json), watch, connection errors,
// unreadable ssl files. The password is also given percent-encoded, as users must for `@` or `/`.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addAdDateUnique, ownCli } from "./support/cli.js";
import { query } from "./support/database.js";
import { freePort } from "./support/postgres-server.js";
import { makeProject, onePerMajor, type Project } from "./support/project.js";

const PASSWORD = `Pw-${randomBytes(6).toString("hex")}/@x`;
const ENCODED = encodeURIComponent(PASSWORD);
const ROLE = `pgc_secret_${randomBytes(4).toString("hex")}`;

/** Every spelling of the password a leak could take. */
function expectNoPassword(output: string) {
  for (const form of [PASSWORD, ENCODED, PASSWORD.slice(0, -3), ENCODED.replaceAll("%40", "@")]) expect(output).not.toContain(form);
  expect(output).not.toMatch(/^\s+at /m); // a message, not a stack trace
}

/** The project's database URL with the role above, its password as a parameter (and, for good measure, as sslpassword). */
function urlWithPasswordParameter(project: Project): string {
  const u = new URL(project.databaseUrl);
  return `postgresql://${ROLE}@${u.host}${u.pathname}?password=${ENCODED}&sslpassword=${ENCODED}&sslmode=disable`;
}

beforeAll(async () => {
  await query(inject("adminUrl"), `CREATE ROLE ${ROLE} LOGIN SUPERUSER PASSWORD '${PASSWORD.replaceAll("'", "''")}'`);
});
afterAll(async () => {
  await query(inject("adminUrl"), `DROP ROLE IF EXISTS ${ROLE}`);
});

let project: Project | undefined;
afterEach(() => project?.remove());

describe.each(onePerMajor.map((c) => c.prisma))("a password given as ?password= (Prisma %i)", (prisma) => {
  it("connects, and doctor, duplicates and watch never print it", async () => {
    project = await makeProject("ads", { prisma });
    expect((await project.deploy()).code).toBe(0);
    project.editSchema(addAdDateUnique);
    const url = urlWithPasswordParameter(project);
    const env = { DATABASE_URL: url };

    const runs = {
      doctor: await ownCli(project, ["doctor"], env),
      doctorJson: await ownCli(project, ["doctor", "--json"], env),
      doctorUrl: await ownCli(project, ["doctor", "--url", url]),
      duplicates: await ownCli(project, ["duplicates"], env),
      duplicatesJson: await ownCli(project, ["duplicates", "--json", "--url", url]),
      watch: await ownCli(project, ["watch", "--once"], env),
      watchJson: await ownCli(project, ["watch", "--once", "--json", "--url", url]),
    };
    for (const [name, run] of Object.entries(runs)) {
      expect(run.code, `${name}: ${run.output}`).toBe(0); // it connected: the parameter is the password
      expectNoPassword(run.output);
    }
    expect(runs.doctor.stdout).toContain("password=****");
    expect(JSON.parse(runs.doctorJson.stdout).database).toMatch(/\?password=\*\*\*\*&sslpassword=\*\*\*\*&sslmode=disable$/);
    expect(JSON.parse(runs.duplicatesJson.stdout).database).toContain("password=****");
    expect(runs.duplicates.stdout).toContain("password=****");
  });
});

describe("connection errors and unreadable ssl files: one line, no password", () => {
  it("a wrong port, a wrong host, a password in the userinfo or a parameter", async () => {
    project = await makeProject("ads");
    project.editSchema(addAdDateUnique); // so that duplicates has a key to check
    const closedPort = await freePort();
    const urls = [
      `postgresql://${ROLE}:${ENCODED}@127.0.0.1:${closedPort}/app`,
      `postgresql://${ROLE}@127.0.0.1:${closedPort}/app?password=${ENCODED}`,
      `postgresql://${ROLE}@no-such-host.invalid/app?sslpassword=${ENCODED}&password=${ENCODED}`,
    ];
    // duplicates reads the schema with Prisma before it connects (slow): once is enough for it.
    const runs = urls.flatMap((url, i) => [["doctor"], ["doctor", "--json"], ["watch", "--once"], ...(i === 1 ? [["duplicates"]] : [])].map((command) => ({ url, command })));
    for (const { url, command } of runs) {
      const run = await ownCli(project, [...command, "--url", url]);
      expect(run.code, run.output).toBe(1);
      expect(run.stderr).toMatch(/^prisma-concurrently: cannot connect to postgresql:\/\/pgc_secret_\w+(:\*\*\*\*)?@[^ ]+ \(from --url\): /);
      expectNoPassword(run.output);
    }
  });

  it("a missing sslkey, sslcert or sslrootcert file is named in one line", async () => {
    project = await makeProject("ads");
    project.editSchema(addAdDateUnique);
    for (const parameter of ["sslkey", "sslcert", "sslrootcert"]) {
      const url = `postgresql://${ROLE}@127.0.0.1:5432/app?password=${ENCODED}&sslmode=require&${parameter}=/nonexistent/client.pem`;
      for (const command of parameter === "sslkey" ? ["doctor", "duplicates", "watch"] : ["doctor"]) {
        const run = await ownCli(project, [command, "--url", url]);
        expect(run.code, run.output).toBe(1);
        expect(run.stderr.trim()).toBe(
          `prisma-concurrently: cannot read the ${parameter} file /nonexistent/client.pem named in the database URL from --url (no such file). Fix the path in the URL, or pass another one with --url.`,
        );
        expectNoPassword(run.output);
      }
    }
  });
});
