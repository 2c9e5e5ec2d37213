import { KinesisClient } from '@aws-sdk/client-kinesis';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

export const kinesis = new KinesisClient({});
export const eventBridge = new EventBridgeClient({});
