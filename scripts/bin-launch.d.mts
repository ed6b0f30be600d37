/** Types of bin-launch.mjs (the first line of the app's bin, read as environment and Node flags). */
export interface Launch {
  readonly env: Record<string, string>;
  readonly flags: string[];
}
export function parseLaunch(firstLine: string): Launch | undefined;
export function binLaunch(path: string | URL): Launch;
