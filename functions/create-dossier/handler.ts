import middy from '@middy/core';
import { randomUUID } from 'node:crypto';
import { createDossier } from '#adapters/dossier-repository';
import { GENESIS_HASH, chainHash } from '#domain/audit';
import { actorRef, assertCanCreateDossier } from '#domain/roles';
import { type ApiEvent, type ApiResult, actorOf, httpJson, json } from '#http/api';
import { CreateDossierInput } from '#schemas/api';
import type { DossierRecord } from '#schemas/records';
import { parseInput } from '#schemas/validation';

const create = async (event: ApiEvent): Promise<ApiResult> => {
  const actor = actorOf(event);
  const input = parseInput(CreateDossierInput, event.body);
  const unitId = assertCanCreateDossier(actor);
  const at = new Date().toISOString();
  const id = `d-${randomUUID()}`;
  const createdBy = { ...actorRef(actor), unitId };
  const body = { dossierId: id, seq: 1, at, actor: createdBy, action: 'created', toStatus: 'Draft', prevHash: GENESIS_HASH };
  const auditEvent = { ...body, hash: chainHash(GENESIS_HASH, body) };
  const dossier: DossierRecord = {
    id,
    unitId,
    ...input,
    status: 'Draft',
    version: 1,
    eventSeq: 1,
    lastHash: auditEvent.hash,
    createdAt: at,
    updatedAt: at,
    createdBy,
    contactEmail: actor.email,
  };
  await createDossier(dossier, auditEvent);
  return json(201, { dossier });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(create);
