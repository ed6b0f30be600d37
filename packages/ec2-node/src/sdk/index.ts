/**
 * Runners for the real AWS SDK for JavaScript v3 inside a simulated Pod:
 * the real default credential chain, with the Pod's env and files, talking
 * to the simulated network.
 */

export type { RealSdkCredentials, RealSdkResult, RunRealSdkChainOptions, SdkLogger } from './run-real-sdk-chain.js';
export { runRealSdkChain } from './run-real-sdk-chain.js';
