/**
 * Building blocks of the API inputs. Functions, not shared schema instances: a handler's bundle then holds
 * only the zod parts its own input uses.
 */
import * as z from 'zod/mini';
import { documentKinds } from '#domain/catalogue';

export type DocumentKindName = keyof typeof documentKinds;
export const documentKindNames = (): [DocumentKindName, ...DocumentKindName[]] => Object.keys(documentKinds) as [DocumentKindName, ...DocumentKindName[]];
export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
/** Why a person refuses, withdraws or returns: the one bound for every free-text reason. */
export const reason = () => text(2000);
export const isoDate = () => z.iso.date();
/** Query strings and path parameters arrive as strings. */
export const yearParam = () => z.pipe(z.string().check(z.regex(/^\d{4}$/)), z.transform(Number));
