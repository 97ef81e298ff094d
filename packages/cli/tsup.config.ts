import { packageConfig } from "../../tsup.base.js"

// The public modules, and the `gridgov` executable (dist/bin/gridgov.js, not an entry point).
export default packageConfig({ entry: ["src/*.ts", "src/bin/gridgov.ts"] })
