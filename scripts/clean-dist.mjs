// The build starts from an empty dist/: tsc never deletes, so a module renamed or excluded since
// the last build would otherwise stay there and be packed into the npm package.
import { rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
