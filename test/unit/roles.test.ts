import { describe, expect, it } from 'vitest';
import {
  assertCanActOnStep,
  assertCanCastBallot,
  assertCanCreateDossier,
  assertCanEditDossier,
  assertCanManageSession,
  assertCanViewDossier,
  assertCanWithdraw,
  isUnitActor,
  parseActor,
  type Actor,
} from '#domain/roles';

const unitA: Actor = { userId: 'u-a', roles: ['unitOfficer'], unitId: 'so-giao-duc' };
const unitB: Actor = { userId: 'u-b', roles: ['unitOfficer'], unitId: 'xa-an-binh' };
const officer: Actor = { userId: 'o', roles: ['officer'] };
const member: Actor = { userId: 'member-1', roles: ['councilMember'] };
const chair: Actor = { userId: 'chair', roles: ['chair'] };
const secretary: Actor = { userId: 's', roles: ['councilSecretary'] };
const dossier = { id: 'd-1', unitId: 'so-giao-duc' };

describe('identity from verified JWT claims', () => {
  it('reads Cognito groups as an array, as API Gateway’s "[a b]" string, or as one name; drops unknown groups', () => {
    expect(parseActor({ sub: 'x', 'cognito:groups': ['officer', 'chair'] }).roles).toEqual(['officer', 'chair']);
    expect(parseActor({ sub: 'x', 'cognito:groups': '[officer secretariatHead]' }).roles).toEqual(['officer', 'secretariatHead']);
    expect(parseActor({ sub: 'x', 'cognito:groups': 'chair' }).roles).toEqual(['chair']);
    expect(parseActor({ sub: 'x', 'cognito:groups': ['root', 'officer'] }).roles).toEqual(['officer']);
    expect(parseActor({ sub: 'x', 'custom:unitId': 'so-giao-duc', email: 'a@b.vn', name: 'A' })).toEqual({ userId: 'x', roles: [], unitId: 'so-giao-duc', email: 'a@b.vn', name: 'A' });
  });

  it('refuses claims without a subject (401)', () => {
    expect(() => parseActor({ 'cognito:groups': ['chair'] })).toThrow(expect.objectContaining({ status: 401, code: 'UNAUTHORIZED' }));
  });
});

describe('who may do what', () => {
  it('lets a unit officer create dossiers only for their own unit', () => {
    expect(assertCanCreateDossier(unitA)).toBe('so-giao-duc');
    expect(() => assertCanCreateDossier(officer)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanCreateDossier({ userId: 'n', roles: ['unitOfficer'] })).toThrow(expect.objectContaining({ status: 403, field: 'unitId' }));
  });

  it("hides another unit's dossier (404, not 403) and lets provincial roles see all", () => {
    expect(() => assertCanViewDossier(unitA, dossier)).not.toThrow();
    expect(() => assertCanViewDossier(unitB, dossier)).toThrow(expect.objectContaining({ status: 404 }));
    for (const actor of [officer, member, chair, secretary]) expect(() => assertCanViewDossier(actor, dossier)).not.toThrow();
    expect(() => assertCanEditDossier(unitB, dossier)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => assertCanEditDossier(officer, dossier)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanWithdraw(unitA, dossier)).not.toThrow();
    expect(() => assertCanWithdraw(officer, dossier)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('gives each human step to its role: supplement to the unit, appraisal to officers, the decision to the chair', () => {
    expect(() => assertCanActOnStep(unitA, 'supplement', dossier)).not.toThrow();
    expect(() => assertCanActOnStep(officer, 'appraisal', dossier)).not.toThrow();
    expect(() => assertCanActOnStep(chair, 'chairDecision', dossier)).not.toThrow();
    expect(() => assertCanActOnStep(member, 'chairDecision', dossier)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanActOnStep(unitA, 'appraisal', dossier)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanActOnStep(secretary, 'council', dossier)).toThrow(expect.objectContaining({ status: 403, field: 'step' }));
  });

  it('lets only members of an open session vote, on its dossiers', () => {
    const session = { state: 'open', memberIds: ['member-1', 'member-2'], dossierIds: ['d-1'] };
    expect(() => assertCanCastBallot(member, session, 'd-1')).not.toThrow();
    expect(() => assertCanCastBallot(officer, session, 'd-1')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanCastBallot({ ...member, userId: 'member-9' }, session, 'd-1')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanCastBallot(member, session, 'd-2')).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => assertCanCastBallot(member, { ...session, state: 'closed' }, 'd-1')).toThrow(expect.objectContaining({ status: 409, code: 'SESSION_CLOSED' }));
    expect(() => assertCanManageSession(secretary)).not.toThrow();
    expect(() => assertCanManageSession(member)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('tells unit staff from provincial staff', () => {
    expect(isUnitActor(unitA)).toBe(true);
    expect(isUnitActor(officer)).toBe(false);
    expect(isUnitActor({ userId: 'x', roles: ['unitHead', 'councilMember'], unitId: 'so-giao-duc' })).toBe(false);
  });
});
