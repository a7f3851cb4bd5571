import { describe, expect, it } from "vitest";
import { isSecretParameter, redactUrl, secretScrubber, urlSecrets } from "./url-secrets.js";

const SECRET = "s3cr3t-Pw";

/** Every place a PostgreSQL URL can carry a secret (libpq, node-postgres, Prisma). */
const forms: Array<[string, string]> = [
  ["userinfo", `postgresql://app:${SECRET}@db.example.com:5432/shop`],
  ["userinfo, postgres:// scheme", `postgres://app:${SECRET}@db.example.com/shop?schema=public`],
  ["password parameter (libpq, node-postgres)", `postgresql://app@db.example.com/shop?password=${SECRET}`],
  ["password parameter after others", `postgresql://app@db.example.com/shop?sslmode=require&password=${SECRET}&schema=x`],
  ["sslpassword parameter (libpq, Prisma)", `postgresql://app@db.example.com/shop?sslcert=/c.pem&sslpassword=${SECRET}`],
  ["oauth_client_secret parameter (libpq 18)", `postgresql://app@db.example.com/shop?oauth_client_id=x&oauth_client_secret=${SECRET}`],
  ["parameter name in upper case", `postgresql://app@db.example.com/shop?PASSWORD=${SECRET}`],
  ["percent-encoded parameter name", `postgresql://app@db.example.com/shop?pass%77ord=${SECRET}`],
  ["parameter given twice", `postgresql://app@db.example.com/shop?password=other-one&password=${SECRET}`],
  ["empty host (Unix socket)", `postgresql://app:${SECRET}@/shop?host=/var/run/postgresql`],
  ["both userinfo and parameter", `postgresql://app:${SECRET}@db.example.com/shop?password=${SECRET}`],
];

describe("redactUrl: no secret survives, whatever form it takes", () => {
  for (const [name, url] of forms) {
    it(name, () => {
      const shown = redactUrl(url);
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain("other-one");
      expect(shown).toContain("****");
      expect(shown).toMatch(/^postgres(ql)?:\/\/app(:\*\*\*\*)?@/);
    });
  }

  it("keeps what is not secret readable: host, port, database, other parameters", () => {
    expect(redactUrl(`postgresql://app@db.example.com:6543/shop?sslmode=require&password=${SECRET}&schema=x`))
      .toBe("postgresql://app@db.example.com:6543/shop?sslmode=require&password=****&schema=x");
    expect(redactUrl(`postgresql://app:${SECRET}@db.example.com/shop`)).toBe("postgresql://app:****@db.example.com/shop");
    expect(redactUrl("postgresql://app@db.example.com/shop")).toBe("postgresql://app@db.example.com/shop");
  });

  it("hides percent-encoded and special-character passwords", () => {
    const shown = redactUrl("postgresql://app:p%40ss%2Fw%23rd@h/db?password=a%26b%3Dc");
    expect(shown).not.toMatch(/p%40ss|a%26b|a&b/);
  });

  it("shows nothing of a URL that does not parse (it may still hold a password)", () => {
    expect(redactUrl(`postgresql://app:${SECRET}@h1:5432,h2:5433/shop`)).toBe("<unparsable database URL>");
    expect(redactUrl(`postgresql://app:pa#ss@[bad/x`)).toBe("<unparsable database URL>");
  });
});

describe("isSecretParameter", () => {
  it("knows libpq's and Prisma's secret parameters and leaves the others", () => {
    for (const name of ["password", "sslpassword", "oauth_client_secret", "Password", "pass", "passwd", "db_password", "api_token"]) expect(isSecretParameter(name)).toBe(true);
    for (const name of ["user", "host", "sslmode", "sslkey", "sslcert", "schema", "application_name", "passfile"]) expect(isSecretParameter(name)).toBe(false);
  });
});

describe("secretScrubber: the secrets in any other text (errors, Prisma's output)", () => {
  for (const [name, url] of forms) {
    it(name, () => {
      const scrub = secretScrubber(url);
      expect(scrub(`failed for ${url}: password ${SECRET} rejected`)).not.toContain(SECRET);
    });
  }

  it("hides the decoded and the encoded spelling of an encoded secret", () => {
    const scrub = secretScrubber("postgresql://app:p%40ss%2Fword@h/db?sslpassword=a%20b%2Bc");
    const out = scrub("p@ss/word p%40ss%2Fword a b+c a%20b%2Bc");
    expect(out).toBe("**** **** **** ****");
    expect(urlSecrets("postgresql://app@h/db")).toEqual([]);
  });

  it("also works on a URL that does not parse", () => {
    expect(secretScrubber(`postgresql://app:${SECRET}@h1:5432,h2:5433/shop?password=${SECRET}x`)(`${SECRET} ${SECRET}x`)).toBe("**** ****");
  });
});
