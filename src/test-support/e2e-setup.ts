import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDemoTemplate, dropDemoTemplate } from './demo-template.js';
import { buildTemplate, dropTemplate } from './template.js';

/** The browser journeys' global setup: the migrated template, and on it the seeded demo world. */
export default async function setup(project: TestProject) {
  const dir = path.resolve('.test-tmp');
  fs.mkdirSync(dir, { recursive: true });
  const template = await buildTemplate(dir);
  const demo = await buildDemoTemplate(dir, template);
  project.provide('dbTemplate', template);
  project.provide('demoTemplate', demo);
  return async () => {
    await dropDemoTemplate(demo);
    await dropTemplate(template);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    demoTemplate: import('./demo-template.js').DemoTemplate;
  }
}
