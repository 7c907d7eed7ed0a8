import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** One client per container; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when run locally. */
export const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

/** Every item a query matches, across all pages (lib-dynamodb's paginator follows LastEvaluatedKey). */
export async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: documentClient }, input)) items.push(...(page.Items ?? []));
  return items;
}
