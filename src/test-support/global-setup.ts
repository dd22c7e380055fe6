import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildTemplate, dropTemplate } from './template.js';

/**
 * Migrates one template database per test run; every test file then starts from a copy of it
 * (DESIGN §8): PGlite's initdb and the migrations cost seconds, a copy a fraction of that.
 */
export default async function setup(project: TestProject) {
  const dir = path.resolve('.test-tmp');
  fs.mkdirSync(dir, { recursive: true });
  const template = await buildTemplate(dir);
  project.provide('dbTemplate', template);
  return async () => {
    await dropTemplate(template);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: import('./template.js').Template;
  }
}
