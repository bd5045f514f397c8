import { CatalogueFile } from './catalogue-schema.ts';
import { CYBER_ESSENTIALS_3_3 } from './cyber-essentials-3-3.ts';
import { DFE_DTS_2024_03 } from './dfe-dts-2024-03.ts';
import { DFE_DTS_2026_05 } from './dfe-dts-2026-05.ts';
import { RPA_CYBER_2024_02 } from './rpa-cyber-2024-02.ts';

/** Every built-in catalogue version, oldest first within a framework. A new edition is a new file listed here. */
export const BUILT_IN_CATALOGUES: readonly CatalogueFile[] = [
  DFE_DTS_2024_03,
  DFE_DTS_2026_05,
  CYBER_ESSENTIALS_3_3,
  RPA_CYBER_2024_02,
].map((c) => CatalogueFile.parse(c));

export function findCatalogue(key: string, version?: string): CatalogueFile | undefined {
  const versions = BUILT_IN_CATALOGUES.filter((c) => c.key === key);
  return version ? versions.find((c) => c.version === version) : versions.at(-1);
}

export const latestVersion = (key: string): string | undefined => findCatalogue(key)?.version;
