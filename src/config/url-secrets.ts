// The secrets a PostgreSQL connection URL can carry, and the one way to show a URL (or any text
// that may quote one) without them. A password can sit in the userinfo (`user:pw@host`) or in a
// parameter: libpq reads `password`, `sslpassword` (the client key's passphrase) and, from
// PostgreSQL 18, `oauth_client_secret`; node-postgres copies every parameter into its config
// (so `?password=` works there too); Prisma reads `sslpassword` for its PKCS#12 identity.

/** Parameter names whose value is a secret (compared lower-case; `%`-encoded names are decoded first). */
const SECRET_PARAMETERS = new Set(["password", "sslpassword", "oauth_client_secret"]);

/** Any other parameter that reads like a secret (`pass`, `passwd`, `db_password`, `api_token`…) is hidden too. */
const SECRET_LOOKING = /pass(word|wd)?$|password|secret|token|credential/;

export function isSecretParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_PARAMETERS.has(lower) || SECRET_LOOKING.test(lower);
}

const MASK = "****";

/** The URL with every secret replaced by ****, or a placeholder when it does not parse (then nothing of it is shown). */
export function redactUrl(url: string): string {
  // An empty host (`user:pw@/db?host=/socket/dir`, which node-postgres accepts) is no WHATWG URL: parse it with a stand-in host.
  const emptyHost = url.includes("@/");
  let u: URL;
  try {
    u = new URL(emptyHost ? url.replace("@/", `@${STAND_IN_HOST}/`) : url);
  } catch {
    return "<unparsable database URL>";
  }
  if (u.password) u.password = MASK;
  const names = [...new Set([...u.searchParams.keys()].filter(isSecretParameter))];
  for (const name of names) u.searchParams.set(name, MASK);
  const shown = u.toString().replaceAll(encodeURIComponent(MASK), MASK);
  return emptyHost ? shown.replace(`@${STAND_IN_HOST}/`, "@/") : shown;
}

const STAND_IN_HOST = "empty-host.invalid";

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replaceAll("+", " "));
  } catch {
    return s;
  }
}

/** Every way a secret of this URL may be spelled in other text: as written in the URL, decoded, and re-encoded. */
export function urlSecrets(url: string): string[] {
  const found: string[] = [];
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(url)?.[1];
  if (userinfo?.includes(":")) found.push(userinfo.slice(userinfo.indexOf(":") + 1));
  const query = url.split("#")[0]!.split("?").slice(1).join("?");
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && isSecretParameter(safeDecode(pair.slice(0, eq)))) found.push(pair.slice(eq + 1));
  }
  const forms = found.flatMap((raw) => [raw, safeDecode(raw), decodeURIComponentLoose(raw), encodeURIComponent(safeDecode(raw))]);
  // Longest first, so that a secret containing another is replaced whole.
  return [...new Set(forms)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** `+` is a plus sign in a userinfo, a space in a query: try both readings. */
function decodeURIComponentLoose(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A function that hides this URL's secrets in any text (an error, Prisma's output), the URL itself included. */
export function secretScrubber(url: string): (text: string) => string {
  const secrets = urlSecrets(url);
  return (text) => secrets.reduce((out, s) => out.split(s).join(MASK), text);
}
