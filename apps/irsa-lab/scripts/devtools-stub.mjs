/**
 * Stand-in for react-devtools-core in the bundle: Ink imports it only when
 * DEV=true, but a bundler makes the optional import static
 * (docs/dependencies.md#bundling-the-app).
 */
export default { initialize() {}, connectToDevTools() {} };
