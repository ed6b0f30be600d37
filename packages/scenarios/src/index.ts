/**
 * @irsa-lab/scenarios: assembles simulated worlds (the only package that
 * knows every service) and defines the scenarios that run on them.
 */
export { createWorld, STS_CALLER } from './world/create-world.js';
export type { World, WorldOptions } from './world/create-world.js';
export { createIrsaRole, irsaManifest, irsaTrustPolicy, registerOidcProvider } from './world/irsa-setup.js';
