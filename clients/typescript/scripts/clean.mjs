// Removes build output portably (no rimraf: the package has no runtime or build-only helpers beyond tsc).
import { rmSync } from "node:fs";
for (const path of process.argv.slice(2)) rmSync(path, { recursive: true, force: true });
