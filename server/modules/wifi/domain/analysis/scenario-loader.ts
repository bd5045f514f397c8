import type { Ctx } from '../../../../lib/context.ts';
import { writeTestFile } from '../../../../lib/test-files.ts';
import { createSchool, directoryModule } from '../../../directory/index.ts';
import { importApInventory } from '../ap-inventory-import.ts';
import { ingestRecords } from '../ingest.ts';
import { apInventoryCsv, placesCsv, type ScenarioRecords } from './test-scenarios.ts';

/** Test support: the fixture's school, buildings and AP inventory, then a scenario's records. */

export async function loadFixturePlaces(ctx: Ctx, extraAps: string[] = []): Promise<void> {
  await createSchool(ctx, { code: 'main', name: 'Fixture School' });
  const places = directoryModule.importers?.find((i) => i.kind === 'places');
  await places?.run(ctx, writeTestFile('places.csv', placesCsv()), { dryRun: false, skipInvalid: false }, () => {});
  await importApInventory(
    ctx,
    writeTestFile('aps.csv', apInventoryCsv(extraAps)),
    { dryRun: false, skipInvalid: false },
    () => {},
  );
}

export async function loadScenario(ctx: Ctx, records: ScenarioRecords): Promise<void> {
  await ingestRecords(ctx, (sink) => {
    for (const a of records.attempts) sink.attempt(a);
    for (const s of records.clientSamples) sink.clientSample(s);
    for (const s of records.apSamples) sink.apSample(s);
  });
}
