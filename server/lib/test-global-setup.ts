import { prepareTestTemplates } from './test-db.ts';

export default async function setup(): Promise<void> {
  await prepareTestTemplates();
}
