import { readObject, storeVerified } from '#adapters/documents';
import { commitChange, documentNotFound, getDossierAndDocument, ops } from '#adapters/dossier-repository';
import { documentKinds } from '#domain/catalogue';
import { checkDocument } from '#domain/document-check';
import { planChange } from '#domain/dossier-change';
import { assertDossierAcceptsDocument } from '#domain/lifecycle';
import { ConflictError } from '#domain/errors';
import { actorRef, assertCanEditDossier } from '#domain/roles';
import { apiHandler, type ApiResult, json, type RouteInput } from '#http/api';
import * as routes from '#schemas/routes/dossiers';
import type { DocumentRecord } from '#schemas/records';

const alreadyChecked = () =>
  new ConflictError({ code: 'ALREADY_VERIFIED', messages: { vi: 'Tài liệu đã được kiểm tra', en: 'The document was already checked' } });

/**
 * Checks the stored bytes (type, size, sha256, PDF safety); only verified documents count for completeness.
 * A document is checked once: the upload key stays writable by its presigned POST for the POST's lifetime,
 * so the bytes that pass are copied to verified/ and served from there, and a second verify never re-reads.
 */
const verify = async ({ actor, path }: RouteInput<typeof routes.verifyDocument>): Promise<ApiResult> => {
  const { documentId } = path;
  const { dossier, document } = await getDossierAndDocument(path.dossierId, documentId);
  assertCanEditDossier(actor, dossier);
  if (!document) throw documentNotFound(documentId);
  if (document.state !== 'pendingUpload') throw alreadyChecked();
  // A file presigned while the dossier was open is not verified into it once it has moved on.
  assertDossierAcceptsDocument(dossier, document.kind);
  const bytes = await readObject(document.key);
  const result = checkDocument(bytes, document, documentKinds[document.kind as keyof typeof documentKinds].maxBytes);
  const checked: DocumentRecord =
    result.ok && bytes
      ? {
          ...document,
          state: 'verified',
          sha256: result.sha256,
          verifiedAt: new Date().toISOString(),
          verifiedObject: { ...(await storeVerified(dossier.id, document.documentId, bytes, result.sha256, document.contentType)), sha256: result.sha256 },
        }
      : { ...document, state: 'quarantined', ...(result.ok ? {} : { reason: { code: result.code, ...result.reason } }) };
  // Each verification adds an audit event to the dossier, so two files verified at the same moment race for
  // its version: the loser re-reads and chains its event after the winner's (the check itself is not redone).
  for (let attempt = 1, current = dossier; ; attempt += 1) {
    const change = planChange(
      current,
      {
        action: result.ok ? 'documentVerified' : 'documentQuarantined',
        actor: actorRef(actor),
        details: { documentId: document.documentId, kind: document.kind, fileName: document.fileName, ...(result.ok ? {} : { reason: result.code }) },
      },
      new Date(),
    );
    try {
      await commitChange(change, [ops.putDocument(checked)]);
      break;
    } catch (error) {
      if (!(error instanceof ConflictError) || error.code !== 'CONCURRENT_CHANGE' || attempt >= 5) throw error;
      const latest = await getDossierAndDocument(dossier.id, document.documentId);
      current = latest.dossier;
      if (latest.document?.state !== 'pendingUpload') throw alreadyChecked();
      assertDossierAcceptsDocument(current, document.kind);
    }
  }
  return json(result.ok ? 200 : 422, { document: checked });
};

export const handler = apiHandler({ verifyDocument: routes.verifyDocument }, { verifyDocument: verify });
