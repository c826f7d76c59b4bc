import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// @overtime/client is a file: dependency two folders up (clients/typescript); the bundler must see that far.
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** @type {import("next").NextConfig} */
const config = {
  poweredByHeader: false,
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
};

export default config;
