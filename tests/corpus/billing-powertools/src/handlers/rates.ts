import { getParameter, getParametersByName } from '@aws-lambda-powertools/parameters/ssm';
import { getAppConfig } from '@aws-lambda-powertools/parameters/appconfig';

export const handler = async () => {
  const rates = await getParameter('/billing/dev/exchange-rates', { transform: 'json', maxAge: 60 });
  const fees = await getParametersByName({
    '/billing/dev/fees/card': {},
    '/billing/dev/fees/transfer': {},
  });
  const flags = await getAppConfig('feature-flags', {
    application: 'billing',
    environment: 'dev',
    transform: 'json',
  });
  return { statusCode: 200, body: JSON.stringify({ rates, fees, flags }) };
};
