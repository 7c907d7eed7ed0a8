import { apiHandler, json } from '#http/api';
import * as routes from '#schemas/routes/public';

export const handler = apiHandler({ health: routes.health }, { health: async () => json(200, { status: 'ok', time: new Date().toISOString() }) });
