import { DEMO_PROVINCE, type Province } from '#domain/formal-documents';

/**
 * The province the formal documents speak for: PROVINCE, a JSON object with name, place and regulation (the
 * CDK context `province` at deploy), over the demo default for what it leaves out.
 */
export function provinceFromEnv(): Province {
  const raw = process.env.PROVINCE;
  if (!raw) return DEMO_PROVINCE;
  const given = JSON.parse(raw) as Partial<Province>;
  const pick = (k: keyof Province) => (typeof given[k] === 'string' && given[k] ? given[k] : DEMO_PROVINCE[k]);
  return { name: pick('name'), place: pick('place'), regulation: pick('regulation') };
}
