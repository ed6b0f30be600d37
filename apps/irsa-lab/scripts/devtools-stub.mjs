/**
 * Stand-in for react-devtools-core in the bundle: Ink imports it only when
 * DEV=true, but a bundler makes the optional import static (stack-notes §7).
 */
export default { initialize() {}, connectToDevTools() {} };
