import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDemoTemplate, dropDemoTemplate } from './demo-template.js';
import setupTemplate from './global-setup.js';

/** The browser journeys' global setup: the migrated template, and on it the seeded demo world. */
export default async function setup(project: TestProject) {
  const dropBase = await setupTemplate(project);
  const demo = await buildDemoTemplate(path.resolve('.test-tmp'), project.getProvidedContext().dbTemplate);
  project.provide('demoTemplate', demo);
  return async () => {
    await dropDemoTemplate(demo);
    await dropBase();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplate: import('./demo-template.js').DemoTemplate;
  }
}
