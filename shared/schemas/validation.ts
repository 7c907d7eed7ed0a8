import type * as z from 'zod/mini';
import { ValidationError } from '#domain/errors';

/** Vietnamese words for zod's issue codes; the English is zod's own message. */
function vietnamese(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Bắt buộc nhập' : `Sai kiểu dữ liệu (cần ${issue.expected})`;
    case 'too_small':
      return issue.origin === 'string' ? `Quá ngắn (tối thiểu ${issue.minimum} ký tự)` : issue.origin === 'array' ? `Cần ít nhất ${issue.minimum} mục` : `Phải ≥ ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `Quá dài (tối đa ${issue.maximum} ký tự)` : issue.origin === 'array' ? `Tối đa ${issue.maximum} mục` : `Phải ≤ ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'Sai định dạng' : `Sai định dạng (${issue.format})`;
    case 'invalid_value':
      return `Giá trị không hợp lệ (chọn một trong: ${issue.values.map(String).join(', ')})`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return options ? `Giá trị không hợp lệ (chọn một trong: ${options.map(String).join(', ')})` : 'Giá trị không khớp với dạng nào được chấp nhận';
    }
    case 'unrecognized_keys':
      return `Trường không được phép: ${issue.keys.join(', ')}`;
    case 'custom':
      return typeof issue.params?.vi === 'string' ? issue.params.vi : 'Giá trị không hợp lệ';
    default:
      return 'Giá trị không hợp lệ';
  }
}

function english(issue: z.core.$ZodIssue): string {
  const options = (issue as { options?: unknown[] }).options;
  if (issue.code === 'invalid_union' && options) return `Invalid value (expected one of: ${options.map(String).join(', ')})`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'Required';
  return issue.message;
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
      ? issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), message: { vi: vietnamese({ ...issue, keys: [key] }), en: english(issue) } }))
      : [{ field: fieldOf(issue.path), message: { vi: vietnamese(issue), en: english(issue) } }],
  );
  const first = details[0] ?? { field: 'body', message: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' } };
  throw new ValidationError({
    field: first.field,
    messages: { vi: `${first.field}: ${first.message.vi}`, en: `${first.field}: ${first.message.en}` },
    details,
  });
}
