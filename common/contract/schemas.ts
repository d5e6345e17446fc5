import * as v from 'valibot';
import { platformKinds } from '../model/platform';

/** Schemas shared by several contract files. Every string from the renderer is bounded. */
export const name = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'A name is required.'),
  v.maxLength(100, 'Names are at most 100 characters.'),
);
export const shortText = v.pipe(v.string(), v.maxLength(2_000));
export const identifier = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
export const platformKind = v.picklist(platformKinds);
export const stringMap = v.pipe(
  v.record(v.pipe(v.string(), v.maxLength(64)), shortText),
  v.check((record) => Object.keys(record).length <= 32, 'Too many fields.'),
);
export const noParams = v.optional(v.strictObject({}), {});
