/**
 * Domain errors carry what a person must read (Vietnamese first, then English) and the HTTP status the API
 * answers with. Handlers throw them; the HTTP middleware turns them into `{error:{code, field, message}}`.
 */
export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

export interface FieldIssue {
  readonly field: string;
  readonly message: Bilingual;
}

interface ErrorInit {
  readonly code?: string;
  readonly field?: string;
  readonly messages: Bilingual;
  readonly cause?: unknown;
  readonly details?: readonly FieldIssue[];
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly messages: Bilingual;
  readonly details: readonly FieldIssue[] | undefined;

  protected constructor(defaultCode: string, init: ErrorInit) {
    super(init.messages.en, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code ?? defaultCode;
    this.field = init.field;
    this.messages = init.messages;
    this.details = init.details;
  }
}

/** 400: the input is malformed or breaks a rule of its schema. */
export class ValidationError extends DomainError {
  readonly status = 400;
  constructor(init: ErrorInit) {
    super('VALIDATION', init);
  }
}

/** 401: no valid identity. */
export class UnauthorizedError extends DomainError {
  readonly status = 401;
  constructor(init?: Partial<ErrorInit>) {
    super('UNAUTHORIZED', {
      messages: init?.messages ?? { vi: 'Chưa đăng nhập hoặc phiên đăng nhập không hợp lệ', en: 'Not signed in, or the sign-in is not valid' },
      ...(init?.code ? { code: init.code } : {}),
    });
  }
}

/** 403: the caller's role or unit may not do this. */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(init?: Partial<ErrorInit>) {
    super('FORBIDDEN', {
      ...init,
      messages: init?.messages ?? { vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You are not allowed to do this' },
    });
  }
}

/** 404: no such record (or one the caller may not know exists). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(init: ErrorInit) {
    super('NOT_FOUND', init);
  }
}

/** 409: the request conflicts with the record's current state (or a concurrent change). */
export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(init: ErrorInit) {
    super('CONFLICT', init);
  }
}

/** 409: the lifecycle has no such move from the dossier's current status. */
export class IllegalTransitionError extends ConflictError {
  constructor(
    readonly from: string,
    readonly event: string,
    /** The status and the event by their names (lifecycle.ts has them); the codes stay in `from` and `event`. */
    names: { status: Bilingual; event: Bilingual },
  ) {
    super({
      code: 'ILLEGAL_TRANSITION',
      field: 'status',
      messages: {
        vi: `Không thể "${names.event.vi}" khi hồ sơ đang ở trạng thái "${names.status.vi}"; vui lòng tải lại trang để xem trạng thái mới nhất`,
        en: `"${names.event.en}" is not possible while the dossier is "${names.status.en}"; reload the page to see its current state`,
      },
    });
  }
}

export interface ErrorBody {
  error: { code: string; field?: string; message: Bilingual; details?: FieldIssue[] };
}

export function toErrorBody(error: DomainError): ErrorBody {
  return {
    error: {
      code: error.code,
      ...(error.field ? { field: error.field } : {}),
      message: error.messages,
      ...(error.details && error.details.length > 0 ? { details: [...error.details] } : {}),
    },
  };
}
