import { Invalid } from '../../../lib/errors.ts';
import { type FileSample, type FileShape, readFileSample, requireFile } from '../../../lib/file-sample.ts';
import type { Importer } from '../../../lib/module.ts';

/**
 * The one check `belfry import` and the upload route make before an importer runs: the path is
 * a file (or a folder, for an importer that takes one), and the file is the kind asked for. A
 * file that another importer recognises and this one does not is refused with the kind it looks
 * like; a file of the wrong shape (JSON for a CSV kind) says so. Each importer's `recognise`
 * knows its own vendor's shape; nothing here knows a vendor.
 */

const SHAPE_WORDS: Record<FileShape, string> = {
  json: 'a JSON file',
  ndjson: 'a JSON-lines file',
  csv: 'a CSV file',
  yaml: 'a YAML file',
  xlsx: 'an Excel workbook',
  text: 'a text file',
  binary: 'a binary file',
  empty: 'empty',
};

/** The shapes an importer's `accept` list takes, or undefined when it takes anything. */
function acceptedShapes(importer: Importer): Set<FileShape> | undefined {
  const a = importer.accept.toLowerCase();
  if (a.includes('*')) return undefined;
  const out = new Set<FileShape>();
  if (/\.csv|text\/csv/.test(a)) out.add('csv');
  if (/\.json|application\/json/.test(a)) {
    out.add('json');
    out.add('ndjson');
  }
  if (/\.jsonl|\.ndjson/.test(a)) out.add('ndjson');
  if (/\.ya?ml/.test(a)) out.add('yaml');
  if (/\.xlsx|spreadsheetml/.test(a)) out.add('xlsx');
  if (/\.txt|\.log|text\/plain/.test(a)) {
    out.add('text');
    out.add('csv');
  }
  return out.size ? out : undefined;
}

export function describeWrongKind(importers: readonly Importer[], importer: Importer, sample: FileSample): string | undefined {
  if (sample.shape === 'empty') return `${sample.name} is empty: there is nothing to import.`;
  if (importer.recognise?.(sample)) return undefined;
  const other = importers.find((i) => i !== importer && i.recognise?.(sample));
  const shapes = acceptedShapes(importer);
  const wrongShape = shapes !== undefined && !shapes.has(sample.shape);
  if (other && (importer.recognise || wrongShape))
    return `${sample.name} looks like ${other.kind} (${other.description}), not ${importer.kind}: try \`belfry import ${other.kind} ${sample.name}\` (or choose ${other.kind} in the upload dialog).`;
  if (wrongShape)
    return `${sample.name} is ${SHAPE_WORDS[sample.shape]}, but ${importer.kind} reads ${[...(shapes as Set<FileShape>)]
      .filter((s) => s !== 'ndjson' || !shapes?.has('json'))
      .map((s) => SHAPE_WORDS[s])
      .join(' or ')} (${importer.description}).`;
  return undefined;
}

/** Refuses a missing path, a folder where a file is needed, or a file of another kind, in one plain line. */
export async function checkImportFile(
  importers: readonly Importer[],
  importer: Importer,
  file: string,
  name: string = file,
): Promise<void> {
  const what = await requireFile(file, name, { directoryOk: importer.acceptsDirectory });
  if (what === 'directory') return;
  const sample = await readFileSample(file, name);
  const wrong = describeWrongKind(importers, importer, sample);
  if (wrong) throw new Invalid(wrong);
}
