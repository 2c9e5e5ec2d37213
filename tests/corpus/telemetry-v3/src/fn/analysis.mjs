import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

const sfn = new SFNClient({});

export const handler = async () => {
  const hour = new Date().toISOString().slice(0, 13);
  await sfn.send(new StartExecutionCommand({
    stateMachineArn: process.env.ANALYSIS_MACHINE,
    name: `hourly-${hour.replace(/[^0-9]/g, '')}`,
    input: JSON.stringify({ hour }),
  }));
};
