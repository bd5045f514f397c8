import { type FileSample, hasHeaders } from '../../../lib/file-sample.ts';
import { PEOPLE_FIELDS } from './people-import.ts';

/** People and places files from their CSV headers. */
export const DIRECTORY_RECOGNISERS: Record<string, (s: FileSample) => boolean> = {
  people: (s) => s.shape === 'csv' && hasHeaders(s, [...PEOPLE_FIELDS.givenName]) && hasHeaders(s, [...PEOPLE_FIELDS.familyName]),
  places: (s) =>
    s.shape === 'csv' &&
    hasHeaders(s, ['building', 'building code', 'building name']) &&
    hasHeaders(s, ['room', 'room code', 'room name', 'rooms']) &&
    !hasHeaders(s, ['mac', 'base mac', 'ap mac', 'mac address', 'serial']),
};
