// Stands in for Node-only packages that the library imports lazily on Node
// paths (onnxruntime-node): the browser never takes those paths, but the
// bundler still resolves the specifier.
export default {};
