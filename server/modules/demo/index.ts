/**
 * demo: Oakfield School, a realistic school generated from a fixed seed, loaded by `npm start`
 * into an empty data directory and by `belfry demo`. One entry point, `loadDemoSchool`; each
 * feature module's demo data is a file in this folder called from it.
 */
export { type DemoResult, type DemoSignIn, loadDemoSchool } from './domain/load-demo-school.ts';
