import middy from '@middy/core';
import { listAwards } from '#adapters/dossier-repository';
import { describedCatalogue } from '#domain/catalogue-texts';
import { type ApiEvent, type ApiResult, httpJson, json } from '#http/api';
import { PublicAwardsQuery } from '#schemas/input/public-awards';
import { parseInput } from '#schemas/validation';

/** Public, unauthenticated reads: the catalogue, and the awards decided in a year (publication, DOMAIN §4). */
const publicAwards = async (event: ApiEvent): Promise<ApiResult> => {
  if (event.rawPath.endsWith('/catalogue')) return json(200, describedCatalogue());
  const { year } = parseInput(PublicAwardsQuery, event.queryStringParameters ?? {});
  const awards = await listAwards(year);
  return json(200, { year, awards });
};

export const handler = middy<ApiEvent, ApiResult>().use(httpJson()).handler(publicAwards);
