// The packages tests load straight into Node (the testing library, the chart library and what they
// use) ask for React with `require`, which the aliases in vite.config.ts don't reach. The same names
// go to Preact here, so one copy of Preact renders everything, as in the app. The first set-up file:
// it runs before anything loads such a package.
import Module from "node:module";
import { REACT_ALIASES } from "../../reactAliases";

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, REACT_ALIASES[request] ?? request, ...rest);
};
