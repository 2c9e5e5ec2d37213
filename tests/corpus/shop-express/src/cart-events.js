'use strict';
const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');

const events = new EventBridgeClient({});

exports.handler = async (event) => {
  const entries = event.Records.filter((r) => r.eventName === 'MODIFY').map((r) => ({
    EventBusName: process.env.EVENT_BUS,
    Source: 'shop.carts',
    DetailType: 'CartChanged',
    Detail: JSON.stringify({ cartId: r.dynamodb.Keys.cartId.S }),
  }));
  for (let i = 0; i < entries.length; i += 10) {
    await events.send(new PutEventsCommand({ Entries: entries.slice(i, i + 10) }));
  }
};
