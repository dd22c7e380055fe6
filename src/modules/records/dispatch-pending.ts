/** What holds a file's closing on the dispatch side (kept apart so files-service needs no dispatch service). */
import type { TenantTx } from '../../platform/db/tenant.js';
import { PENDING_DISPATCH_STATES } from './domain/dispatch.js';
import { otx } from './own-schema.js';

/**
 * The dispatches of the file's documents that are not yet sent (prepared, or handed to the
 * dispatch office), as "číslo jednací → recipient (method)" for the closing message.
 */
export async function pendingDispatchesOfFile(tx: TenantTx, fileId: string): Promise<string[]> {
  const rows = await otx(tx)
    .selectFrom('records_dispatch as x')
    .innerJoin('records_file_document as m', 'm.document_id', 'x.document_id')
    .innerJoin('records_document as d', 'd.id', 'x.document_id')
    .innerJoin('records_person as p', 'p.id', 'x.recipient_id')
    .select(['d.ref_number', 'p.name', 'x.method'])
    .where('m.file_id', '=', fileId)
    .where('x.state', 'in', [...PENDING_DISPATCH_STATES])
    .orderBy('m.position')
    .orderBy('x.prepared_at')
    .execute();
  return rows.map((r) => `${r.ref_number} → ${r.name} (${r.method})`);
}
