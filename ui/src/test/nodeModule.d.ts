// The one part of Node's module system that src/test/nodeAliases.ts uses (the front end has no Node
// types): the function that turns a required name into a file.
declare module "node:module" {
  const Module: { _resolveFilename(this: unknown, request: string, ...rest: unknown[]): string };
  export default Module;
}
