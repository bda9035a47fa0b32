// Every migration, in order. Listed here (not discovered on disk) so the compiled build and the tests load
// exactly the same set. Names: <epoch-ms>-<PascalName>.
import type { Migration } from 'kysely';
import * as foundation from './1795881600000-Foundation.js';

export const MIGRATIONS: Record<string, Migration> = {
  '1795881600000-Foundation': foundation,
};
