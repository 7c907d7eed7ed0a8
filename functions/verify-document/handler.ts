import { readObject, storeVerified } from '#adapters/documents';
import { commitReplannedChange, documentNotFound, getDossierAndDocument, ops } from '#adapters/dossier-repository';
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
  // its version: the loser reads again and chains its event after the winner's (the check itself is not redone).
  let firstRead: Awaited<ReturnType<typeof getDossierAndDocument>> | undefined = { dossier, document };
  await commitReplannedChange(
    async () => {
      const state = firstRead ?? (await getDossierAndDocument(dossier.id, documentId));
      firstRead = undefined;
      return state;
    },
    (now) => {
      if (now.document?.state !== 'pendingUpload') throw alreadyChecked();
      assertDossierAcceptsDocument(now.dossier, document.kind);
      const action = result.ok ? 'documentVerified' : 'documentQuarantined';
      const details = { documentId, kind: document.kind, fileName: document.fileName, ...(result.ok ? {} : { reason: result.code }) };
      return { change: planChange(now.dossier, { action, actor: actorRef(actor), details }, new Date()), extra: [ops.putDocument(checked)] };
    },
  );
  return json(result.ok ? 200 : 422, { document: checked });
};

export const handler = apiHandler({ verifyDocument: routes.verifyDocument }, { verifyDocument: verify });
