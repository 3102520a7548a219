// `node --import ./trace-imports.mjs ...`: installs trace-imports-hooks.mjs.
import { register } from "node:module";

register("./trace-imports-hooks.mjs", import.meta.url);
