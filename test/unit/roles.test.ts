import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '#domain/errors';
import {
  actorRef,
  assertCanActOnStep,
  assertCanCastBallot,
  assertCanCreateDossier,
  assertCanEditDossier,
  assertCanManageSession,
  assertCanViewDossier,
  assertCanViewSession,
  assertCanWithdraw,
  isUnitActor,
  parseActor,
  sessionListScope,
  type Actor,
} from '#domain/roles';

const unitA: Actor = { userId: 'u-a', roles: ['unitOfficer'], unitId: 'so-giao-duc' };
const unitB: Actor = { userId: 'u-b', roles: ['unitOfficer'], unitId: 'xa-an-binh' };
const headA: Actor = { userId: 'h-a', roles: ['unitHead'], unitId: 'so-giao-duc' };
const officer: Actor = { userId: 'o', roles: ['officer'] };
const member: Actor = { userId: 'member-1', roles: ['councilMember'] };
const chair: Actor = { userId: 'chair', roles: ['chair'] };
const secretary: Actor = { userId: 's', roles: ['councilSecretary'] };
const dossier = { id: 'd-1', unitId: 'so-giao-duc' };
const openSession = { state: 'open', memberIds: ['member-1', 'member-2'], dossierIds: ['d-1'] };

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('identity from verified JWT claims (parseActor)', () => {
  it('reads Cognito groups given as an array', () => {
    expect(parseActor({ sub: 'x', 'cognito:groups': ['officer', 'chair'] }).roles).toEqual(['officer', 'chair']);
  });

  it('reads the "[a b]" string API Gateway makes of an array claim', () => {
    expect(parseActor({ sub: 'x', 'cognito:groups': '[officer secretariatHead]' }).roles).toEqual(['officer', 'secretariatHead']);
    expect(parseActor({ sub: 'x', 'cognito:groups': '[councilMember]' }).roles).toEqual(['councilMember']);
    expect(parseActor({ sub: 'x', 'cognito:groups': '[]' }).roles).toEqual([]);
  });

  it('reads a single group name', () => {
    expect(parseActor({ sub: 'x', 'cognito:groups': 'chair' }).roles).toEqual(['chair']);
  });

  it('drops groups that are not roles, and reads no groups as no roles', () => {
    expect(parseActor({ sub: 'x', 'cognito:groups': ['root', 'officer', 'Admins'] }).roles).toEqual(['officer']);
    expect(parseActor({ sub: 'x', 'cognito:groups': '[root admin]' }).roles).toEqual(['admin']);
    expect(parseActor({ sub: 'x' }).roles).toEqual([]);
    expect(parseActor({ sub: 'x', 'cognito:groups': 42 }).roles).toEqual([]);
  });

  it('keeps the unit, name and e-mail when present, and leaves out empty ones', () => {
    expect(parseActor({ sub: 'x', 'custom:unitId': 'so-giao-duc', email: 'a@b.vn', name: 'A' })).toEqual({ userId: 'x', roles: [], unitId: 'so-giao-duc', email: 'a@b.vn', name: 'A' });
    expect(parseActor({ sub: 'x', 'custom:unitId': '', email: '', name: '' })).toEqual({ userId: 'x', roles: [] });
  });

  it.each([
    ['no sub', { 'cognito:groups': ['chair'] }],
    ['an empty sub', { sub: '', 'cognito:groups': ['chair'] }],
    ['a sub that is not a string', { sub: 42 }],
  ])('refuses claims with %s: UnauthorizedError (401)', (_what, claims) => {
    const error = thrownBy(() => parseActor(claims));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('makes an audit reference without e-mail', () => {
    expect(actorRef({ ...unitA, name: 'Lê Văn An', email: 'an@so.vn' })).toEqual({ userId: 'u-a', name: 'Lê Văn An', roles: ['unitOfficer'], unitId: 'so-giao-duc' });
  });
});

describe('dossiers of a submitting unit', () => {
  it('lets a unit officer create dossiers only for their own unit', () => {
    expect(assertCanCreateDossier(unitA)).toBe('so-giao-duc');
    expect(() => assertCanCreateDossier(officer)).toThrow(ForbiddenError);
    expect(() => assertCanCreateDossier(headA)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanCreateDossier({ userId: 'n', roles: ['unitOfficer'] })).toThrow(expect.objectContaining({ status: 403, field: 'unitId' }));
  });

  it("lets a unit officer view and edit their own unit's dossier", () => {
    expect(() => assertCanViewDossier(unitA, dossier)).not.toThrow();
    expect(() => assertCanEditDossier(unitA, dossier)).not.toThrow();
  });

  it("answers 404, not 403, for another unit's dossier", () => {
    for (const check of [assertCanViewDossier, assertCanEditDossier, assertCanWithdraw]) {
      const error = thrownBy(() => check(unitB, dossier));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, field: 'dossierId' });
    }
    expect(() => assertCanActOnStep(unitB, 'supplement', dossier)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('lets provincial roles see every dossier but not edit it', () => {
    for (const actor of [officer, member, chair, secretary, { userId: 'sh', roles: ['secretariatHead'] }, { userId: 'ad', roles: ['admin'] }] as Actor[]) {
      expect(() => assertCanViewDossier(actor, dossier)).not.toThrow();
      expect(() => assertCanEditDossier(actor, dossier)).toThrow(expect.objectContaining({ status: 403 }));
    }
  });

  it("lets the unit's head view and withdraw, but not edit", () => {
    expect(() => assertCanViewDossier(headA, dossier)).not.toThrow();
    expect(() => assertCanWithdraw(headA, dossier)).not.toThrow();
    expect(() => assertCanEditDossier(headA, dossier)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('lets only the submitting unit withdraw', () => {
    expect(() => assertCanWithdraw(unitA, dossier)).not.toThrow();
    expect(() => assertCanWithdraw(officer, dossier)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanWithdraw(chair, dossier)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('tells unit staff from provincial staff', () => {
    expect(isUnitActor(unitA)).toBe(true);
    expect(isUnitActor(headA)).toBe(true);
    expect(isUnitActor(officer)).toBe(false);
    expect(isUnitActor({ userId: 'x', roles: ['unitHead', 'councilMember'], unitId: 'so-giao-duc' })).toBe(false);
  });
});

describe('human steps', () => {
  it('gives the supplement to the unit officer, appraisal to officers, the decision to the chair', () => {
    expect(() => assertCanActOnStep(unitA, 'supplement', dossier)).not.toThrow();
    expect(() => assertCanActOnStep(officer, 'appraisal', dossier)).not.toThrow();
    expect(() => assertCanActOnStep({ userId: 'sh', roles: ['secretariatHead'] }, 'appraisal', dossier)).not.toThrow();
    expect(() => assertCanActOnStep(chair, 'chairDecision', dossier)).not.toThrow();
  });

  it('refuses a council member (or an officer) the chair’s decision', () => {
    for (const actor of [member, officer, secretary]) {
      const error = thrownBy(() => assertCanActOnStep(actor, 'chairDecision', dossier));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error).toMatchObject({ status: 403, field: 'step' });
    }
  });

  it('refuses the wrong role on each other step', () => {
    expect(() => assertCanActOnStep(unitA, 'appraisal', dossier)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanActOnStep(officer, 'supplement', dossier)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanActOnStep(chair, 'appraisal', dossier)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('records the council step only by closing its session, for anyone', () => {
    for (const actor of [secretary, chair, officer, member]) {
      const error = thrownBy(() => assertCanActOnStep(actor, 'council', dossier)) as ForbiddenError;
      expect(error).toMatchObject({ status: 403, field: 'step' });
      expect(error.messages.en).toMatch(/closing its session/);
    }
  });
});

describe('council sessions and ballots', () => {
  it('lets a member of an open session vote on its dossiers', () => {
    expect(() => assertCanCastBallot(member, openSession, 'd-1')).not.toThrow();
  });

  it('refuses a ballot from an officer, the secretary or the chair (403)', () => {
    for (const actor of [officer, secretary, { ...chair, userId: 'member-2' }]) {
      expect(() => assertCanCastBallot(actor, openSession, 'd-1')).toThrow(expect.objectContaining({ status: 403 }));
    }
  });

  it('refuses a council member who is not in the session (403)', () => {
    expect(() => assertCanCastBallot({ ...member, userId: 'member-9' }, openSession, 'd-1')).toThrow(ForbiddenError);
  });

  it('answers 404 for a dossier that is not on the session', () => {
    expect(() => assertCanCastBallot(member, openSession, 'd-2')).toThrow(expect.objectContaining({ status: 404, field: 'dossierId' }));
  });

  it('refuses a ballot in a closed session (409 SESSION_CLOSED)', () => {
    expect(() => assertCanCastBallot(member, { ...openSession, state: 'closed' }, 'd-1')).toThrow(expect.objectContaining({ status: 409, code: 'SESSION_CLOSED' }));
  });

  it('lets the secretary manage sessions, and members see only their own', () => {
    expect(() => assertCanManageSession(secretary)).not.toThrow();
    expect(() => assertCanManageSession(member)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanManageSession(chair)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanViewSession(member, openSession)).not.toThrow();
    expect(() => assertCanViewSession({ ...member, userId: 'member-9' }, openSession)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanViewSession(unitA, openSession)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertCanViewSession(chair, openSession)).not.toThrow();
  });

  it('lists every session for those who see every session, a member their own, and nobody else any', () => {
    for (const actor of [secretary, chair, { userId: 'h', roles: ['secretariatHead'] } as Actor, { userId: 'a', roles: ['admin'] } as Actor]) expect(sessionListScope(actor)).toEqual({});
    expect(sessionListScope(member)).toEqual({ memberId: 'member-1' });
    // a member who is also chair sees all
    expect(sessionListScope({ ...member, roles: ['councilMember', 'chair'] })).toEqual({});
    for (const actor of [unitA, headA, officer]) expect(() => sessionListScope(actor)).toThrow(expect.objectContaining({ status: 403 }));
  });
});
