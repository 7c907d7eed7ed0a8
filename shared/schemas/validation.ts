import type * as z from 'zod/mini';
import { ValidationError } from '#domain/errors';

/**
 * What is wrong and how to put it right, in words a civil servant reads (LANGUAGE.md rule 8): never the field's
 * code (the error's `field` names it, and the page shows the message next to that field), never a list of code
 * values or a type name. A schema's own message (`params.vi` / `params.en`) comes first.
 */
type Said = { vi: string; en: string };
const typeNames: Record<string, Said> = {
  number: { vi: 'Giá trị phải là một số', en: 'Must be a number' },
  int: { vi: 'Giá trị phải là một số nguyên', en: 'Must be a whole number' },
  string: { vi: 'Giá trị phải là chữ', en: 'Must be text' },
  boolean: { vi: 'Giá trị phải là có hoặc không', en: 'Must be yes or no' },
  array: { vi: 'Cần một danh sách', en: 'Must be a list' },
  object: { vi: 'Dữ liệu gửi lên không đúng dạng', en: 'The data sent is not in the expected form' },
};
const formats: Record<string, Said> = {
  date: { vi: 'Ngày không hợp lệ', en: 'Not a valid date' },
  email: { vi: 'Địa chỉ thư điện tử không hợp lệ, ví dụ ten@donvi.gov.vn', en: 'Not a valid e-mail address, e.g. name@unit.gov.vn' },
};
function said(issue: z.core.$ZodIssue, given: unknown): Said {
  const params = (issue as { params?: { vi?: unknown; en?: unknown } }).params;
  if (typeof params?.vi === 'string') return { vi: params.vi, en: typeof params.en === 'string' ? params.en : issue.message };
  switch (issue.code) {
    case 'invalid_type':
      return given === undefined || given === null ? { vi: 'Không được để trống', en: 'Required' } : (typeNames[issue.expected] ?? { vi: 'Giá trị không hợp lệ', en: 'Invalid value' });
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? { vi: 'Không được để trống', en: 'Required' } : { vi: `Cần ít nhất ${min} ký tự`, en: `At least ${min} characters` };
      if (issue.origin === 'array') return { vi: `Cần ít nhất ${min} mục`, en: `At least ${min} entries` };
      return { vi: `Giá trị phải lớn hơn${issue.inclusive ? ' hoặc bằng' : ''} ${min}`, en: `Must be ${issue.inclusive ? 'at least' : 'more than'} ${min}` };
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { vi: `Không được dài quá ${max} ký tự`, en: `At most ${max} characters` };
      if (issue.origin === 'array') return { vi: `Không được quá ${max} mục`, en: `At most ${max} entries` };
      return { vi: `Giá trị phải nhỏ hơn${issue.inclusive ? ' hoặc bằng' : ''} ${max}`, en: `Must be ${issue.inclusive ? 'at most' : 'less than'} ${max}` };
    }
    case 'invalid_format':
      return formats[issue.format] ?? { vi: 'Giá trị có ký tự hoặc cách viết không được chấp nhận', en: 'The value has characters or a form that is not accepted' };
    case 'invalid_value':
    case 'invalid_union':
      return { vi: 'Giá trị không có trong danh sách được chọn', en: 'Not one of the values offered' };
    case 'unrecognized_keys':
      return { vi: 'Dữ liệu gửi lên có mục không được phép', en: 'The request carries a field that is not allowed' };
    default:
      return { vi: 'Giá trị không hợp lệ', en: 'Invalid value' };
  }
}

/** The value the input had at an issue's path (zod's issues do not carry it): missing and wrong are told apart. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/**
 * Parses untrusted input with a zod schema; on failure throws a 400 naming the first bad field, with every
 * issue (field, vi, en) in `details`.
 */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data as z.infer<S>;
  const fieldOf = (path: readonly PropertyKey[]) => path.map(String).join('.') || 'body';
  // An unknown key is itself the bad field: name it (one issue per key) rather than the object holding it.
  const details = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), message: said(issue, valueAt(input, issue.path)) }))
      : [{ field: fieldOf(issue.path), message: said(issue, valueAt(input, issue.path)) }],
  );
  const first = details[0] ?? { field: 'body', message: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' } };
  throw new ValidationError({
    field: first.field,
    messages: first.message,
    details,
  });
}
