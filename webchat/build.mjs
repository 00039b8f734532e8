// Bundles the ES modules in src/ into widget.js, the one classic script sites embed.
//   node build.mjs           write widget.js   (npm run build)
//   node build.mjs --check   exit 1 if widget.js is not what src/ builds to   (npm run check)
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const OUTPUT = here("widget.js");
const BANNER =
  "/* Baclofen assistant chat widget. GENERATED from webchat/src/ by `npm run build` (esbuild): edit the sources, not this file. */";

const result = await build({
  entryPoints: [here("src/index.js")],
  bundle: true,
  format: "iife",
  target: ["es2019"],
  charset: "utf8",
  legalComments: "inline",
  banner: { js: BANNER },
  write: false,
  logLevel: "warning",
});
const bundled = result.outputFiles[0].text;

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(OUTPUT, "utf8");
  } catch (error) {
    // missing: reported below as stale
  }
  if (current !== bundled) {
    console.error("webchat/widget.js is stale: run `npm run build` in webchat/ and commit it.");
    process.exit(1);
  }
  console.log("webchat/widget.js matches webchat/src/.");
} else {
  writeFileSync(OUTPUT, bundled);
  console.log(`wrote webchat/widget.js (${bundled.length} bytes)`);
}
