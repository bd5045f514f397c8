import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { demoTemplateTar } from './test-demo-hash.ts';

/**
 * Vitest's order (failed first, then slowest first), except while the demo template for this
 * code does not exist yet (test-demo-db.ts): then the suite that loads the demo and keeps it as
 * the template (load-demo-school.test.ts, which calls shareDemoLoad) goes first, and the suites
 * that copy it go last, so the other worker runs the rest meanwhile instead of waiting for it.
 */
export class DemoTemplateSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    if (existsSync(demoTemplateTar(path.resolve('node_modules/.cache/belfry')))) return sorted;
    const text = (f: TestSpecification) => readFileSync(f.moduleId, 'utf8');
    const builds = (f: TestSpecification) => text(f).includes('shareDemoLoad(');
    const copies = (f: TestSpecification) => /describeEachDemoDatabase\(|openDemoDatabase\(/.test(text(f));
    const first = sorted.filter(builds);
    const last = sorted.filter((f) => !builds(f) && copies(f));
    return [...first, ...sorted.filter((f) => !builds(f) && !copies(f)), ...last];
  }
}
